using Polly;

namespace ServiceQueue.ServiceDefaults.Resilience;

/// <summary>
/// Sends each request through the standard pipeline of the server it addresses (timeouts, retry,
/// circuit breaker), so one failing dependency opens only its own circuit.
/// Failures the pipeline gives up on reach the caller as they are: the last response, or
/// <see cref="HttpRequestException"/>, <c>TimeoutRejectedException</c>, <c>BrokenCircuitException</c>.
/// </summary>
internal sealed class StandardResilienceHandler(HttpResiliencePipelines pipelines) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // A body must be sendable again on retry: buffered content is copied from memory each attempt.
        // Calls that are never retried keep streaming their body.
        if (request.Content is not null && pipelines.MayRetry(request.Method))
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken);
        }

        var pipeline = pipelines.For(request.RequestUri);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(HttpResiliencePipelines.RequestKey, request);
        try
        {
            return await pipeline.ExecuteAsync(
                static (context, state) => new ValueTask<HttpResponseMessage>(state.Handler.SendOnceAsync(state.Request, context.CancellationToken)),
                context,
                (Handler: this, Request: request));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
