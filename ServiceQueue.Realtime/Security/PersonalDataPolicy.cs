using System.Security.Claims;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Realtime.Security;

/// <summary>
/// Who may see a customer's name: the staff who call and serve them (Attendant, Supervisor, Admin).
/// Only the name is ever decrypted here; document, phone and e-mail stay sealed.
/// </summary>
internal static class PersonalDataPolicy
{
    private static readonly string[] RolesSeeingNames = [ServiceQueueRoles.Attendant, ServiceQueueRoles.Supervisor, ServiceQueueRoles.Admin];

    public static bool MaySeeCustomerName(ClaimsPrincipal? user) =>
        user is not null && RolesSeeingNames.Any(user.IsInRole);
}
