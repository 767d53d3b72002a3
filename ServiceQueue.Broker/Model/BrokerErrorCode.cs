namespace ServiceQueue.Broker.Model;

/// <summary>Why an operation failed; each maps to one gRPC status (docs/broker.md).</summary>
internal enum BrokerErrorCode
{
    InvalidArgument,
    NotFound,
    FailedPrecondition,
    Unavailable,
    DeadlineExceeded,
    OutOfRange,
    ResourceExhausted,
    Internal,
}
