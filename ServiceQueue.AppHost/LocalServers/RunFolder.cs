namespace ServiceQueue.AppHost.LocalServers;

/// <summary>
/// A temporary folder for one run's servers (tests, throwaway app instances). Creating one first
/// ends the servers of earlier runs whose process died without cleaning up, and removes their folders.
/// </summary>
public sealed class RunFolder : IDisposable
{
    private const string OwnerFileName = "owner";

    private RunFolder(string path) => Path = path;

    public string Path { get; }

    /// <summary>A sub-folder for one server of this run.</summary>
    public string For(string name) => System.IO.Path.Combine(Path, name);

    public static RunFolder Create(string? parent = null)
    {
        parent ??= System.IO.Path.Combine(System.IO.Path.GetTempPath(), "servicequeue-runs");
        Directory.CreateDirectory(parent);
        SweepAbandoned(parent);

        var path = Directory.CreateTempSubdirectory($"{System.IO.Path.GetFileName(parent)}-").FullName;
        var folder = System.IO.Path.Combine(parent, System.IO.Path.GetFileName(path));
        Directory.Move(path, folder);
        File.WriteAllText(System.IO.Path.Combine(folder, OwnerFileName), ProcessIdentity.Current.ToString());
        return new RunFolder(folder);
    }

    /// <summary>Ends every process recorded under folders whose owner is gone, then deletes them.</summary>
    public static void SweepAbandoned(string parent)
    {
        foreach (var folder in Directory.EnumerateDirectories(parent))
        {
            var ownerFile = System.IO.Path.Combine(folder, OwnerFileName);
            var owner = File.Exists(ownerFile) ? ProcessIdentity.Parse(File.ReadAllText(ownerFile)) : null;
            if (owner is null || owner.IsAlive())
            {
                continue;
            }

            LocalServer.EndProcessesRecordedUnder(folder);
            TryDelete(folder);
        }
    }

    public void Dispose() => TryDelete(Path);

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A server may still be closing a file; the next sweep takes it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
