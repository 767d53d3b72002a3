namespace ServiceQueue.ServiceDefaults.Grpc;

/// <summary>The gRPC services an application maps; one per DI container, filled at start-up.</summary>
internal sealed class GrpcServiceRegistry
{
    private readonly HashSet<string> _services = new(StringComparer.Ordinal);
    private readonly HashSet<string> _methodPaths = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private bool _fallbackMapped;

    public bool TryAdd(string serviceFullName)
    {
        lock (_lock)
        {
            return _services.Add(serviceFullName);
        }
    }

    public bool Contains(string serviceFullName)
    {
        lock (_lock)
        {
            return _services.Contains(serviceFullName);
        }
    }

    public void AddMethodPath(string path)
    {
        lock (_lock)
        {
            _methodPaths.Add(path);
        }
    }

    /// <summary>Whether <paramref name="path"/> is a method of a mapped service, e.g. <c>/pkg.Service/Method</c>.</summary>
    public bool IsMethodPath(string path)
    {
        lock (_lock)
        {
            return _methodPaths.Contains(path);
        }
    }

    /// <summary>True only the first time: the unknown-path route is mapped once per application.</summary>
    public bool TryClaimFallback()
    {
        lock (_lock)
        {
            var first = !_fallbackMapped;
            _fallbackMapped = true;
            return first;
        }
    }
}
