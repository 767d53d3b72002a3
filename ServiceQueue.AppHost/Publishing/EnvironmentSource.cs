namespace ServiceQueue.AppHost.Publishing;

/// <summary>Where a service's environment variable comes from in the cluster: its ConfigMap (a plain value) or the Secret (a key).</summary>
internal sealed record EnvironmentSource(string? Value, string? SecretKey)
{
    public static EnvironmentSource Plain(string value) => new(value, null);

    public static EnvironmentSource Secret(string key) => new(null, key);
}
