using Microsoft.Extensions.Options;
using ServiceQueue.Api.Model;
using ServiceQueue.Api.Options;
using ServiceQueue.Api.Storage;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Api.Identity;

/// <summary>Creates the configured Admin while no user exists, so a fresh installation can be signed into.</summary>
internal sealed partial class BootstrapAdmin(UserStore users, PasswordHasher hasher, IOptions<BootstrapOptions> options, ILogger<BootstrapAdmin> logger)
{
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (await users.CountAsync(cancellationToken) > 0)
        {
            return;
        }

        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.AdminUserName) || string.IsNullOrEmpty(settings.AdminPassword))
        {
            LogNoBootstrap(logger);
            return;
        }

        // Replicas race here on an empty table; the unique user name lets exactly one of them win.
        var (result, user) = await users.CreateAsync(
            settings.AdminUserName.Trim(),
            hasher.Hash(settings.AdminPassword),
            new UserChanges(ServiceQueueRoles.Admin, null, null, null, [], [], []),
            null,
            AuditActions.BootstrapAdminCreated,
            cancellationToken);
        if (result == UserWriteResult.Done)
        {
            LogCreated(logger, user!.Id);
        }
    }

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Bootstrap Admin created as user {UserId}")]
    private static partial void LogCreated(ILogger logger, string userId);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "No user exists and Bootstrap__AdminUserName / Bootstrap__AdminPassword are not set: nobody can sign in")]
    private static partial void LogNoBootstrap(ILogger logger);
}
