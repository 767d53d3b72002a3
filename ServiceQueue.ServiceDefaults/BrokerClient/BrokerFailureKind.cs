namespace ServiceQueue.ServiceDefaults.BrokerClient;

/// <summary>What a Broker status means to a caller (contracts.md section 3).</summary>
public enum BrokerFailureKind
{
    /// <summary>FAILED_PRECONDITION: the state machine or the queue refuses; <see cref="BrokerFailure.Reason"/> says why.</summary>
    Refused,

    /// <summary>NOT_FOUND: no such queue or ticket.</summary>
    NotFound,

    /// <summary>INVALID_ARGUMENT: the request itself is wrong; sending it again cannot help.</summary>
    Invalid,

    /// <summary>UNAVAILABLE, DEADLINE_EXCEEDED or CANCELLED: the Broker (or Redis behind it) did not answer; worth trying later.</summary>
    Unavailable,

    /// <summary>OUT_OF_RANGE on Watch: the cursor is not (or no longer) in the Broker's stream.</summary>
    CursorOutOfRange,

    /// <summary>Anything else (INTERNAL, UNIMPLEMENTED, RESOURCE_EXHAUSTED...).</summary>
    Unexpected,
}
