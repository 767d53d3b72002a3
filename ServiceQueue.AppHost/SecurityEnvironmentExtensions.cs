using ServiceQueue.AppHost.Hosting;

/// <summary>The security settings of contracts.md, wired the same way into every service that needs them.</summary>
internal static class SecurityEnvironmentExtensions
{
    public const string Issuer = "servicequeue";
    public const string Audience = "servicequeue";

    public static IResourceBuilder<ProjectResource> WithJwt(this IResourceBuilder<ProjectResource> project, IResourceBuilder<ParameterResource> signingKey) =>
        project
            .WithEnvironment("Security__Jwt__SigningKey", signingKey)
            .WithEnvironment("Security__Jwt__Issuer", Issuer)
            .WithEnvironment("Security__Jwt__Audience", Audience);

    public static IResourceBuilder<ProjectResource> WithEncryption(
        this IResourceBuilder<ProjectResource> project,
        IResourceBuilder<ParameterResource> key,
        IResourceBuilder<ParameterResource> blindIndexKey) =>
        project
            .WithEnvironment("Security__Encryption__ActiveKeyId", "1")
            .WithEnvironment("Security__Encryption__Keys__1", key)
            .WithEnvironment("Security__Encryption__BlindIndexKey", blindIndexKey);
}
