namespace ServiceQueue.ServiceDefaults.Discovery;

/// <summary>
/// Sends a request addressed to a logical service name to the configured address. The original URI is
/// put back afterwards so each retry resolves again (and a changed configuration applies).
/// </summary>
internal sealed class ServiceDiscoveryHandler(ServiceEndpointResolver resolver) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var original = request.RequestUri;
        if (original is null || !resolver.TryResolveUri(original, out var resolved))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        request.RequestUri = resolved;
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            request.RequestUri = original;
        }
    }
}
