using Microsoft.Extensions.Configuration;

namespace ServiceQueue.AppHost.Resources;

/// <summary>
/// Where the servers keep their files in run mode: <c>.servicequeue/</c> at the repository's root (git
/// ignores it), or the folder <c>ServiceQueue:DataDirectory</c> names (tests give each run its own).
/// Data there survives a restart of the AppHost.
/// </summary>
internal static class ServerFolders
{
    public const string ConfigurationKey = "ServiceQueue:DataDirectory";

    public static string For(IDistributedApplicationBuilder builder, string resourceName)
    {
        var root = builder.Configuration[ConfigurationKey] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, builder.AppHostDirectory)
            : Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".servicequeue"));
        var folder = Path.Combine(root, resourceName);
        if (builder.ExecutionContext.IsRunMode)
        {
            Directory.CreateDirectory(folder);
        }

        return folder;
    }

    /// <summary>Writes a file only its owner may read (configuration that holds a password).</summary>
    public static void WritePrivate(string path, string content)
    {
        File.WriteAllText(path, string.Empty);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(path, content);
    }
}
