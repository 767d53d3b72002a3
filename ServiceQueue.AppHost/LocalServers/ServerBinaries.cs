namespace ServiceQueue.AppHost.LocalServers;

/// <summary>Checks that the Debian packages a server comes from are installed.</summary>
public static class ServerBinaries
{
    public const string InstallCommand = "apt-get install -y mariadb-server redis-server rabbitmq-server";

    public static void EnsureInstalled(IEnumerable<(string Path, string Package)> binaries)
    {
        var missing = binaries.Where(b => !File.Exists(b.Path)).ToList();
        if (missing.Count > 0)
        {
            var packages = string.Join(' ', missing.Select(b => b.Package).Distinct());
            throw new LocalServerException(
                $"{string.Join(", ", missing.Select(b => b.Path))} not found: install it with `apt-get update && apt-get install -y {packages}` (or `{InstallCommand}` for all three servers).");
        }
    }
}
