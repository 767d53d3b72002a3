using ServiceQueue.ServiceDefaults.Configuration;

namespace Microsoft.Extensions.Configuration;

/// <summary>Read settings a service cannot run without, failing at start with the key's name.</summary>
public static class RequiredSettingExtensions
{
    /// <summary>The connection string <c>ConnectionStrings:{name}</c>, or <see cref="MissingSettingException"/>.</summary>
    public static string GetRequiredConnectionString(this IConfiguration configuration, string name, string description)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return GetRequiredValue(configuration, $"ConnectionStrings:{name}", description);
    }

    /// <summary>The value at <paramref name="key"/> (colon form), or <see cref="MissingSettingException"/>.</summary>
    public static string GetRequiredValue(this IConfiguration configuration, string key, string description)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[key];
        return string.IsNullOrWhiteSpace(value) ? throw new MissingSettingException(key, description) : value;
    }
}
