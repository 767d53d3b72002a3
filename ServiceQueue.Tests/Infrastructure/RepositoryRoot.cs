namespace ServiceQueue.Tests.Infrastructure;

/// <summary>
/// The source tree the tests run from: the committed manifests, the JavaScript peers and the
/// screenshots folder are found from here.
/// </summary>
internal static class RepositoryRoot
{
    public static readonly Lazy<string> Path = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "ServiceQueue.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ServiceQueue.sln above {AppContext.BaseDirectory}; the tests run from the source tree.");
    });

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path.Value, .. parts]);
}
