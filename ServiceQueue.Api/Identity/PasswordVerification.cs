namespace ServiceQueue.Api.Identity;

internal enum PasswordVerification
{
    Failed,
    Succeeded,

    /// <summary>Right password, hashed with weaker parameters than today's: store a new hash.</summary>
    SucceededRehashNeeded,
}
