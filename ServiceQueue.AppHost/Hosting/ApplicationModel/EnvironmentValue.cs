namespace ServiceQueue.AppHost.Hosting;

/// <summary>
/// A value given to a service with <c>WithEnvironment</c>: a literal, or a parameter whose value is
/// known only at start. Publishers keep the difference: a secret parameter becomes a Secret reference.
/// </summary>
public sealed class EnvironmentValue
{
    public EnvironmentValue(string literal) => Literal = literal;

    public EnvironmentValue(ParameterResource parameter) => Parameter = parameter;

    public string? Literal { get; }

    public ParameterResource? Parameter { get; }

    public string? Resolve() => Parameter is null ? Literal : Parameter.Value;
}
