namespace ServiceQueue.ServiceDefaults.Security;

/// <summary>The claim names an access token carries (contracts.md section 5), unmapped: what is issued is what is read.</summary>
public static class ServiceQueueClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";

    /// <summary>The codes of the queues the user serves, one claim per queue (a JSON array in the token).</summary>
    public const string Queues = "queues";

    public const string Desk = "desk";
    public const string TokenId = "jti";
}
