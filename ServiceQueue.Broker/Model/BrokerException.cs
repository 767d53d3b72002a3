namespace ServiceQueue.Broker.Model;

/// <summary>
/// An operation refused or impossible. <see cref="Reason"/> is a stable code (a field name for
/// <see cref="BrokerErrorCode.InvalidArgument"/>, e.g. <c>queue_closed</c> otherwise).
/// </summary>
internal sealed class BrokerException(BrokerErrorCode code, string reason, string detail, Exception? inner = null)
    : Exception($"{reason}: {detail}", inner)
{
    public BrokerErrorCode Code { get; } = code;

    public string Reason { get; } = reason;

    public string Detail { get; } = detail;
}
