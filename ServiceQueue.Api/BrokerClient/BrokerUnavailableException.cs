namespace ServiceQueue.Api.BrokerClient;

/// <summary>The Broker did not answer (down, unreachable, Redis unavailable or too slow): the Api answers 503.</summary>
internal sealed class BrokerUnavailableException(string reason, Exception? inner = null)
    : Exception($"The Broker is unavailable: {reason}", inner);
