namespace ServiceQueue.AppHost.Hosting;

/// <summary>A setting, generated once and kept in the AppHost's state folder when it is a secret.</summary>
public sealed class ParameterResource(string name, Func<string> generate, bool secret) : IResource
{
    public string Name { get; } = name;

    public bool Secret { get; } = secret;

    internal Func<string> Generate { get; } = generate;

    /// <summary>The value, once the application has started.</summary>
    public string? Value { get; internal set; }
}
