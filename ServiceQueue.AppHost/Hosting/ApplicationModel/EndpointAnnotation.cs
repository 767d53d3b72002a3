namespace ServiceQueue.AppHost.Hosting;

/// <summary>
/// A named endpoint of a service: Kestrel listens there (<c>Kestrel__Endpoints__{Name}__Url</c>) and
/// references to the service learn it as <c>services__{service}__{Name}__0</c>.
/// </summary>
public sealed record EndpointAnnotation(string Name, int? Port, string Protocols = "Http1")
{
    /// <summary>The port in use, fixed at start (a free one when <see cref="Port"/> is null or ports are isolated).</summary>
    public int AllocatedPort { get; internal set; }

    public Uri Url => new($"http://127.0.0.1:{AllocatedPort}");
}
