namespace ServiceQueue.AppHost.Hosting;

/// <summary>
/// A value given to a service with <c>WithEnvironment</c>: a literal, or a parameter whose value is
/// known only at start. Publishers keep the difference: a secret parameter becomes a Secret reference.
/// A value may also belong to one side only: made from the local run (<see cref="AtRun"/>), or meant
/// for the published application alone (<see cref="PublishedOnly"/>).
/// </summary>
public sealed class EnvironmentValue
{
    public EnvironmentValue(string literal) => Literal = literal;

    private EnvironmentValue(string literal, bool publishedOnly)
        : this(literal) => PublishedOnly = publishedOnly;

    /// <summary>A literal that only the published application gets (an address behind its Ingress); a local run leaves it unset.</summary>
    public static EnvironmentValue WhenPublished(string literal) => new(literal, publishedOnly: true);

    public bool PublishedOnly { get; }

    public EnvironmentValue(ParameterResource parameter) => Parameter = parameter;

    /// <summary>A value made from the local run itself (e.g. another service's allocated port): publishers leave it out.</summary>
    public EnvironmentValue(Func<string> atRun) => AtRun = atRun;

    public string? Literal { get; }

    public ParameterResource? Parameter { get; }

    public Func<string>? AtRun { get; }

    public string? Resolve() => AtRun is not null ? AtRun() : Parameter is null ? Literal : Parameter.Value;
}
