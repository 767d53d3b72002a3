using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace ServiceQueue.Api.Storage;

/// <summary>One versioned SQL script, <c>NNNN_name.sql</c>, embedded in the assembly.</summary>
internal sealed record Migration(int Version, string Name, string Sql, string Checksum)
{
    private const string ResourcePrefix = "Migrations/";

    public static IReadOnlyList<Migration> LoadEmbedded() => Load(typeof(Migration).Assembly);

    public static IReadOnlyList<Migration> Load(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => FromResource(assembly, name))
            .OrderBy(m => m.Version)
            .ToList();
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? migrations
            : throw new InvalidOperationException($"Two migrations share version {duplicate.Key}: {string.Join(", ", duplicate.Select(m => m.Name))}.");
    }

    private static Migration FromResource(Assembly assembly, string resource)
    {
        var file = resource[ResourcePrefix.Length..^".sql".Length];
        var separator = file.IndexOf('_', StringComparison.Ordinal);
        if (separator <= 0 || !int.TryParse(file[..separator], NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version <= 0)
        {
            throw new InvalidOperationException($"Migration '{file}.sql' is not named NNNN_name.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var sql = reader.ReadToEnd().ReplaceLineEndings("\n");
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
        return new Migration(version, file[(separator + 1)..], sql, checksum);
    }
}
