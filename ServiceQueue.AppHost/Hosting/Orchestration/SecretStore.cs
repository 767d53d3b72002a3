using System.Text.Json;

namespace ServiceQueue.AppHost.Hosting.Orchestration;

/// <summary>
/// Generated secrets (passwords, keys), created once and kept in the state folder with owner-only
/// permissions, so a restarted AppHost finds its databases, tokens and ciphertexts still valid.
/// </summary>
internal sealed class SecretStore(string stateDirectory)
{
    private readonly string _path = Path.Combine(stateDirectory, "secrets.json");
    private Dictionary<string, string>? _values;

    public string GetOrCreate(string name, Func<string> generate)
    {
        _values ??= Load();
        if (!_values.TryGetValue(name, out var value))
        {
            value = generate();
            _values[name] = value;
            Save(_values);
        }

        return value;
    }

    private Dictionary<string, string> Load() =>
        File.Exists(_path)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(_path)) ?? []
            : [];

    private void Save(Dictionary<string, string> values)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temporary = _path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(values, new JsonSerializerOptions { WriteIndented = true }));
        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, _path, overwrite: true);
    }
}
