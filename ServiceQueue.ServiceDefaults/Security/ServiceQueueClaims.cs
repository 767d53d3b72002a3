namespace ServiceQueue.ServiceDefaults.Security;

/// <summary>The claim names an access token carries (contracts.md section 5), unmapped: what is issued is what is read.</summary>
public static class ServiceQueueClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";

    /// <summary>
    /// The queues the user serves, one claim per queue (a JSON array in the token): <c>&lt;branch&gt;.&lt;code&gt;</c>,
    /// or a bare code for the default branch's (tokens from before branches).
    /// </summary>
    public const string Queues = "queues";

    /// <summary>The roles held per branch, one claim each, <c>&lt;branch&gt;:&lt;role&gt;</c>; Admin is global and never listed.</summary>
    public const string Branches = "branches";

    public const string Desk = "desk";
    public const string TokenId = "jti";
}
