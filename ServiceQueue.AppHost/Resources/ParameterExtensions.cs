namespace ServiceQueue.AppHost.Resources;

/// <summary>Secrets the AppHost generates once and keeps in its user secrets (run mode), as Aspire parameters.</summary>
internal static class ParameterExtensions
{
    /// <summary>A random key of <paramref name="bytes"/> bytes, base64-encoded.</summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedKey(this IDistributedApplicationBuilder builder, string name, int bytes = 32) =>
        builder.AddParameter(name, new GeneratedKeyDefault(bytes), secret: true, persist: true);

    /// <summary>A random password of letters and digits (no character that needs escaping in a connection string or URI).</summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedPassword(this IDistributedApplicationBuilder builder, string name, int length = 24) =>
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = length, Special = false }, secret: true, persist: true);
}
