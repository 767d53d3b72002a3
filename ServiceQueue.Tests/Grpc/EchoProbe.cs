using System.Collections.Concurrent;

namespace ServiceQueue.Tests.Grpc;

/// <summary>What the test service's handlers observed, for tests to assert on.</summary>
internal sealed class EchoProbe
{
    /// <summary>Completes with the method path when a handler sees its cancellation token fire.</summary>
    public TaskCompletionSource<string> HandlerCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a Wait call has started waiting.</summary>
    public TaskCompletionSource WaitStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A Wait call that ignores cancellation returns only once the test completes this.</summary>
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The deadline the last Wait call saw in its context.</summary>
    public DateTime? LastDeadline { get; set; }

    public ConcurrentDictionary<string, int> FlakyCalls { get; } = new(StringComparer.Ordinal);
}
