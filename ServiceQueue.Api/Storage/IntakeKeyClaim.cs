namespace ServiceQueue.Api.Storage;

/// <summary>What an Idempotency-Key meant when a request presented it.</summary>
internal enum IntakeKeyClaim
{
    /// <summary>First use, or a repeat of a request RabbitMQ never confirmed: publish.</summary>
    Publish,

    /// <summary>A repeat of a confirmed request with the same body: answer as before, publish nothing.</summary>
    AlreadyAccepted,

    /// <summary>The key was used with a different body.</summary>
    Conflict,
}
