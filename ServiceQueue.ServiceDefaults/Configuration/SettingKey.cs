namespace ServiceQueue.ServiceDefaults.Configuration;

internal static class SettingKey
{
    // Operators set keys as environment variables (Kubernetes, the AppHost), where ':' is spelled "__".
    public static string ToEnvironmentForm(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
