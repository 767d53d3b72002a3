using Microsoft.AspNetCore.Http;

namespace ServiceQueue.ServiceDefaults.Grpc;

/// <summary>What a server handler knows about its call.</summary>
public sealed class GrpcCallContext
{
    private GrpcMetadata? _requestHeaders;

    internal GrpcCallContext(HttpContext httpContext, string method, DateTime? deadline, CancellationToken cancellationToken)
    {
        HttpContext = httpContext;
        Method = method;
        Deadline = deadline;
        CancellationToken = cancellationToken;
    }

    public HttpContext HttpContext { get; }

    /// <summary>The request's DI scope, for handlers that need services.</summary>
    public IServiceProvider RequestServices => HttpContext.RequestServices;

    /// <summary>The full method path, e.g. <c>/servicequeue.broker.v1.QueueBroker/Enqueue</c>.</summary>
    public string Method { get; }

    /// <summary>The client's deadline (UTC) from <c>grpc-timeout</c>, or null when it set none.</summary>
    public DateTime? Deadline { get; }

    /// <summary>Fires when the client cancels or disconnects, or the deadline passes.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The custom metadata the client sent (protocol headers excluded; <c>-bin</c> values decoded).</summary>
    public GrpcMetadata RequestHeaders => _requestHeaders ??= ReadRequestHeaders(HttpContext.Request.Headers);

    /// <summary>Whether any response message has been written, so a status must go in trailers.</summary>
    internal bool ResponseStarted { get; set; }

    /// <summary>Serializes message writes with the status, which the deadline may write early.</summary>
    internal SemaphoreSlim ResponseLock { get; } = new(1, 1);

    /// <summary>The status has been written; no message may follow it.</summary>
    internal bool ResponseCompleted { get; set; }

    private static GrpcMetadata ReadRequestHeaders(IHeaderDictionary headers)
    {
        var metadata = new GrpcMetadata();
        foreach (var (name, values) in headers)
        {
            if (GrpcProtocol.IsReservedHeader(name))
            {
                continue;
            }

            foreach (var value in values)
            {
                if (value is not null)
                {
                    metadata.AddFromHeader(name, value);
                }
            }
        }

        return metadata;
    }
}
