namespace ServiceQueue.Api.Messaging;

/// <summary>What became of one publish: the answer the client gets depends on which it was.</summary>
internal enum IntakePublishOutcome
{
    /// <summary>RabbitMQ confirmed it: it holds the request.</summary>
    Confirmed,

    /// <summary>Surely not in RabbitMQ: no channel could be had before the message was sent, or RabbitMQ returned it unroutable.</summary>
    NotPublished,

    /// <summary>Sent, but neither confirmed nor refused (a timeout, a nack, a channel or connection lost meanwhile): it may be in RabbitMQ.</summary>
    MayBePublished,
}
