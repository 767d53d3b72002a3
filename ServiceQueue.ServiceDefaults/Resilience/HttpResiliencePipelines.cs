using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using ServiceQueue.ServiceDefaults.Telemetry;

namespace ServiceQueue.ServiceDefaults.Resilience;

/// <summary>
/// One standard pipeline per server authority (the address as the caller wrote it, e.g. <c>http://broker</c>),
/// kept for the container's lifetime: IHttpClientFactory recycles handlers every few minutes, and the
/// circuit breaker's state must outlive them.
/// </summary>
internal sealed class HttpResiliencePipelines(IOptions<ResilienceOptions> options, ILoggerFactory loggerFactory, IMeterFactory meterFactory, TimeProvider time)
{
    /// <summary>The request being sent, so the retry can tell an idempotent call.</summary>
    public static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("ServiceQueue.HttpRequest");

    private readonly ConcurrentDictionary<string, ResiliencePipeline<HttpResponseMessage>> _pipelines = new(StringComparer.Ordinal);
    private readonly ILogger _logger = loggerFactory.CreateLogger("ServiceQueue.ServiceDefaults.Resilience");
    private readonly Counter<long> _retries = meterFactory.Create(TelemetryNames.ResilienceMeter).CreateCounter<long>("servicequeue.http.client.retries", description: "Attempts repeated by the standard resilience pipeline.");
    private readonly Counter<long> _circuitOpenings = meterFactory.Create(TelemetryNames.ResilienceMeter).CreateCounter<long>("servicequeue.http.client.circuit_openings", description: "Times a client's circuit breaker opened.");

    public ResiliencePipeline<HttpResponseMessage> For(Uri? requestUri) =>
        _pipelines.GetOrAdd(requestUri is { IsAbsoluteUri: true } ? requestUri.GetLeftPart(UriPartial.Authority) : "", Build);

    public bool MayRetry(HttpMethod method) =>
        options.Value.MaxRetryAttempts > 0 && (options.Value.RetryNonIdempotentMethods || TransientHttpFailure.IsIdempotent(method));

    private ResiliencePipeline<HttpResponseMessage> Build(string authority)
    {
        var settings = options.Value;
        var serverTag = new KeyValuePair<string, object?>("server.address", authority);
        // Outer to inner, as the standard handler: total timeout, retry, circuit breaker, attempt timeout.
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>
        {
            Name = "standard",
            InstanceName = authority,
            TimeProvider = time,
        };
        builder.AddTimeout(new TimeoutStrategyOptions { Name = "total-timeout", Timeout = settings.TotalRequestTimeout });

        if (settings.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "retry",
                MaxRetryAttempts = settings.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryBaseDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    TransientHttpFailure.Is(args.Outcome) &&
                    (settings.RetryNonIdempotentMethods ||
                     (args.Context.Properties.TryGetValue(RequestKey, out var request) && TransientHttpFailure.IsIdempotent(request.Method)))),
                DelayGenerator = args => ValueTask.FromResult(TransientHttpFailure.RetryAfter(args.Outcome.Result, time)),
                OnRetry = args =>
                {
                    _retries.Add(1, serverTag);
                    ResilienceLog.Retrying(_logger, authority, args.AttemptNumber + 1, Describe(args.Outcome), args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            Name = "circuit-breaker",
            FailureRatio = settings.FailureRatio,
            SamplingDuration = settings.SamplingDuration,
            MinimumThroughput = settings.MinimumThroughput,
            BreakDuration = settings.BreakDuration,
            ShouldHandle = args => ValueTask.FromResult(TransientHttpFailure.Is(args.Outcome)),
            OnOpened = args =>
            {
                _circuitOpenings.Add(1, serverTag);
                ResilienceLog.CircuitOpened(_logger, authority, args.BreakDuration.TotalMilliseconds, Describe(args.Outcome));
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                ResilienceLog.CircuitClosed(_logger, authority);
                return ValueTask.CompletedTask;
            },
        });

        builder.AddTimeout(new TimeoutStrategyOptions { Name = "attempt-timeout", Timeout = settings.AttemptTimeout });
        return builder.Build();
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception?.GetType().Name ?? $"HTTP {(int?)outcome.Result?.StatusCode}";
}
