using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Api;

/// <summary>
/// A database as the Api's SQL-script runner left it before EF Core took over: its three scripts (kept
/// here, as they shipped) applied in order and recorded in <c>schema_migrations</c>.
/// </summary>
internal static class PresentSchema
{
    public static async Task CreateAsync(string connectionString, int upToVersion = 3)
    {
        await ApiDatabase.ExecuteAsync(connectionString, """
            CREATE TABLE schema_migrations (
              version INT NOT NULL,
              name VARCHAR(200) NOT NULL,
              checksum CHAR(64) NOT NULL,
              applied_at DATETIME(6) NOT NULL,
              PRIMARY KEY (version)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """);
        var scripts = Directory.GetFiles(RepositoryRoot.Combine("ServiceQueue.Tests", "Api", "PresentSchema"), "*.sql").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, scripts.Count);
        foreach (var (script, version) in scripts.Take(upToVersion).Select((s, i) => (s, i + 1)))
        {
            await ApiDatabase.ExecuteAsync(connectionString, await File.ReadAllTextAsync(script));
            await ApiDatabase.ExecuteAsync(connectionString,
                "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (@version, @name, REPEAT('0', 64), UTC_TIMESTAMP(6))",
                new { version, name = Path.GetFileNameWithoutExtension(script) });
        }
    }
}
