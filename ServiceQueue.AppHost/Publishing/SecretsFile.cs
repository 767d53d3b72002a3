using System.Text;

namespace ServiceQueue.AppHost.Publishing;

/// <summary>
/// <c>secrets.env</c> of an overlay: one <c>key=value</c> per line, owner-only, never committed. Values
/// already there are kept (a database's volume outlives a publish; its password must too).
/// </summary>
internal static class SecretsFile
{
    public static void Update(string path, IReadOnlyList<(string Key, Func<IReadOnlyDictionary<string, string>, string> Make)> keys)
    {
        var existing = File.Exists(path) ? Read(path) : [];
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, make) in keys)
        {
            values[key] = key.StartsWith("connection-string-", StringComparison.Ordinal) || !existing.TryGetValue(key, out var kept)
                ? make(values)
                : kept;
        }

        var text = new StringBuilder();
        foreach (var (key, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append('=').Append(value).Append('\n');
        }

        var temporary = path + ".tmp";
        File.WriteAllText(temporary, string.Empty);
        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(temporary, text.ToString());
        File.Move(temporary, path, overwrite: true);
    }

    public static Dictionary<string, string> Read(string path) =>
        File.ReadAllLines(path)
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : string.Empty, StringComparer.Ordinal);
}
