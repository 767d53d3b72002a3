using ServiceQueue.AppHost.Hosting.Servers;

namespace ServiceQueue.AppHost.Hosting;

/// <summary>Settings the AppHost generates once and keeps (keys, the bootstrap password).</summary>
public static class ParameterResourceExtensions
{
    /// <summary>A random key of <paramref name="bytes"/> bytes, base64-encoded.</summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedKey(this DistributedApplicationBuilder builder, string name, int bytes = 32) =>
        builder.AddResource(new ParameterResource(name, () => Secrets.Base64Key(bytes), secret: true));

    /// <summary>A random password of letters and digits.</summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedPassword(this DistributedApplicationBuilder builder, string name, int length = 24) =>
        builder.AddResource(new ParameterResource(name, () => Secrets.Password(length), secret: true));

    /// <summary>A plain setting, from the AppHost's configuration (<c>Parameters:{name}</c>) or a default.</summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this DistributedApplicationBuilder builder, string name, string defaultValue)
    {
        var value = builder.Configuration[$"Parameters:{name}"] ?? defaultValue;
        return builder.AddResource(new ParameterResource(name, () => value, secret: false));
    }
}
