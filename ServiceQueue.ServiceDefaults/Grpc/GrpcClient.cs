using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Polly;
using Polly.Retry;

namespace ServiceQueue.ServiceDefaults.Grpc;

/// <summary>
/// Calls gRPC methods over an <see cref="HttpClient"/> (HTTP/2 with prior knowledge). The HttpClient's
/// handler pipeline is used as is, so tracing, discovery and other delegating handlers keep working.
/// </summary>
/// <remarks>
/// Failures surface as <see cref="RpcException"/>; cancellation by the caller's token surfaces as
/// <see cref="OperationCanceledException"/> (the .NET convention), a passed deadline as DEADLINE_EXCEEDED.
/// </remarks>
public sealed class GrpcClient
{
    private readonly HttpClient _httpClient;
    private readonly GrpcClientOptions _options;
    private readonly ResiliencePipeline _retry;

    /// <summary>A client over <paramref name="httpClient"/>, which must have a <see cref="HttpClient.BaseAddress"/>, e.g. <c>http://127.0.0.1:5301</c>.</summary>
    public GrpcClient(HttpClient httpClient, GrpcClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        if (httpClient.BaseAddress is null)
        {
            throw new ArgumentException("The HttpClient needs a BaseAddress: the server's address.", nameof(httpClient));
        }

        _httpClient = httpClient;
        _options = options ?? new GrpcClientOptions();
        _retry = _options.MaxRetryAttempts == 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<RpcException>(static e => e.StatusCode == StatusCode.Unavailable),
                    MaxRetryAttempts = _options.MaxRetryAttempts,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = _options.RetryBaseDelay,
                })
                .Build();
    }

    public Task<TResponse> UnaryAsync<TRequest, TResponse>(MethodDescriptor method, TRequest request, GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(method);
        return UnaryAsync<TRequest, TResponse>(GrpcProtocol.PathOf(method), request, options, cancellationToken);
    }

    /// <summary>Calls a unary method by its full path, e.g. <c>/servicequeue.broker.v1.QueueBroker/Enqueue</c>.</summary>
    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(string method, TRequest request, GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new()
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(request);
        options ??= GrpcCallOptions.Default;
        var deadline = DeadlineOf(options, _options.DefaultUnaryTimeout);
        if (!options.IsIdempotent)
        {
            return await UnaryOnceAsync<TResponse>(method, request, options.Headers, deadline, cancellationToken);
        }

        // The deadline spans every attempt and the waits between them.
        var remaining = deadline - DateTime.UtcNow;
        using var deadlineSource = remaining is { } left && left > TimeSpan.Zero && left <= GrpcTimeout.MaxTimer
            ? new CancellationTokenSource(left)
            : null;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadlineSource?.Token ?? CancellationToken.None);
        try
        {
            return await _retry.ExecuteAsync(
                async (token) => await UnaryOnceAsync<TResponse>(method, request, options.Headers, deadline, token),
                linked.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && deadlineSource?.IsCancellationRequested == true)
        {
            throw new RpcException(StatusCode.DeadlineExceeded, "Deadline Exceeded", innerException: ex);
        }
    }

    public IAsyncEnumerable<TResponse> ServerStreamingAsync<TRequest, TResponse>(MethodDescriptor method, TRequest request, GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(method);
        return ServerStreamingAsync<TRequest, TResponse>(GrpcProtocol.PathOf(method), request, options, cancellationToken);
    }

    /// <summary>
    /// Starts a server-streaming call when enumeration begins. Stopping the enumeration early (break,
    /// dispose, or cancelling the token) resets the HTTP/2 stream, which cancels the call on the server.
    /// </summary>
    public IAsyncEnumerable<TResponse> ServerStreamingAsync<TRequest, TResponse>(string method, TRequest request, GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new()
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(request);
        options ??= GrpcCallOptions.Default;
        return ReadStreamAsync<TResponse>(method, request, options.Headers, DeadlineOf(options, _options.DefaultStreamingTimeout), cancellationToken);
    }

    private async IAsyncEnumerable<TResponse> ReadStreamAsync<TResponse>(string method, IMessage request, GrpcMetadata? headers, DateTime? deadline, [EnumeratorCancellation] CancellationToken cancellationToken)
        where TResponse : class, IMessage<TResponse>, new()
    {
        using var call = new GrpcClientCall<TResponse>(_httpClient, CreateRequest(method, request, headers), _options.MaxReceiveMessageSize, deadline, cancellationToken);
        await call.StartAsync();
        while (await call.MoveNextAsync())
        {
            yield return call.Current!;
        }
    }

    private async Task<TResponse> UnaryOnceAsync<TResponse>(string method, IMessage request, GrpcMetadata? headers, DateTime? deadline, CancellationToken cancellationToken)
        where TResponse : class, IMessage<TResponse>, new()
    {
        using var call = new GrpcClientCall<TResponse>(_httpClient, CreateRequest(method, request, headers), _options.MaxReceiveMessageSize, deadline, cancellationToken);
        await call.StartAsync();
        if (!await call.MoveNextAsync())
        {
            throw new RpcException(StatusCode.Unimplemented, "The server sent no response message for a unary call.");
        }

        var response = call.Current!;
        if (await call.MoveNextAsync())
        {
            throw new RpcException(StatusCode.Unimplemented, "The server sent more than one response message for a unary call.");
        }

        return response;
    }

    private static DateTime? DeadlineOf(GrpcCallOptions options, TimeSpan? defaultTimeout)
    {
        if (options.Deadline is { } deadline)
        {
            return deadline == DateTime.MaxValue ? null : deadline.ToUniversalTime();
        }

        var timeout = options.Timeout ?? defaultTimeout;
        return timeout is { } value && value != Timeout.InfiniteTimeSpan ? DateTime.UtcNow + value : null;
    }

    private static HttpRequestMessage CreateRequest(string method, IMessage message, GrpcMetadata? headers)
    {
        // Relative and without the leading '/', so a BaseAddress with a path prefix is kept.
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(method.TrimStart('/'), UriKind.Relative))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(GrpcFrame.ToArray(message)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(GrpcProtocol.ContentType);
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (headers is not null)
        {
            foreach (var entry in headers)
            {
                request.Headers.TryAddWithoutValidation(entry.Key, entry.HeaderValue);
            }
        }

        return request;
    }
}
