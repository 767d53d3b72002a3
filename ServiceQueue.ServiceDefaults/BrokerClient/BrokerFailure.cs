using Grpc.Core;

namespace ServiceQueue.ServiceDefaults.BrokerClient;

/// <summary>
/// One reading of a failed Broker call, shared by every caller: the kind of failure, and the stable
/// reason code the Broker puts before the first colon of its status message (<c>"queue_full: ..."</c>).
/// </summary>
public sealed record BrokerFailure(BrokerFailureKind Kind, StatusCode Status, string? Reason, string Detail)
{
    public static BrokerFailure From(RpcException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var kind = error.StatusCode switch
        {
            StatusCode.FailedPrecondition => BrokerFailureKind.Refused,
            StatusCode.NotFound => BrokerFailureKind.NotFound,
            StatusCode.InvalidArgument => BrokerFailureKind.Invalid,
            StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Cancelled => BrokerFailureKind.Unavailable,
            StatusCode.OutOfRange => BrokerFailureKind.CursorOutOfRange,
            _ => BrokerFailureKind.Unexpected,
        };
        return new BrokerFailure(kind, error.StatusCode, ReasonOf(error.Status.Detail), error.Status.Detail);
    }

    /// <summary>The text after the reason code, or the whole detail when there is none.</summary>
    public string Sentence => Reason is null ? Detail : Detail[Math.Min(Reason.Length + 1, Detail.Length)..].Trim();

    // Reason codes are snake_case words (broker.proto), alone or before a colon; anything else is prose, not a code.
    private static string? ReasonOf(string detail)
    {
        var colon = detail.IndexOf(':', StringComparison.Ordinal);
        var reason = colon < 0 ? detail : detail[..colon];
        return reason.Length > 0 && reason.All(static c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_') ? reason : null;
    }
}
