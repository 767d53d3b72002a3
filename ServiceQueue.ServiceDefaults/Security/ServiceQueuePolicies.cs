namespace ServiceQueue.ServiceDefaults.Security;

/// <summary>Authorization policies by the least role they admit; an Admin passes every one.</summary>
public static class ServiceQueuePolicies
{
    public const string Admin = "AdminOnly";
    public const string Supervisor = "SupervisorOrAdmin";

    /// <summary>Any of the three roles: attendants, supervisors and admins.</summary>
    public const string Staff = "Staff";
}
