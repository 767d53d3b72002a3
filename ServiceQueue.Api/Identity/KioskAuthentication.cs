namespace ServiceQueue.Api.Identity;

/// <summary>The kiosk's authentication scheme, role, policy and claims (docs/security.md). A kiosk is not staff: its role is in no staff policy.</summary>
internal static class KioskAuthentication
{
    public const string Scheme = "Kiosk";
    public const string Role = "Kiosk";
    public const string Policy = "Kiosk";

    public const string KioskIdClaim = "kiosk_id";
    public const string BranchClaim = "kiosk_branch";
    public const string LanguageClaim = "kiosk_language";

    /// <summary>One claim per queue code of the kiosk's branch it may issue for.</summary>
    public const string QueueClaim = "kiosk_queue";
}
