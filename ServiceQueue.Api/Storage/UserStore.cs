using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceQueue.Api.Model;
using ServiceQueue.Api.Storage.Configurations;
using ServiceQueue.ServiceDefaults.Branches;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Api.Storage;

/// <summary>
/// Users and their served queues. Full name and e-mail are sealed with <see cref="FieldEncryptor"/>, bound
/// to their row and column; the e-mail's blind index keeps it unique.
/// </summary>
internal sealed class UserStore(
    IDbContextFactory<ServiceQueueDbContext> contexts, FieldEncryptor encryptor, BlindIndex blindIndex, AuditLog audit, IOptions<BranchOptions> branches, TimeProvider timeProvider)
{
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.LongCountAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await WithRoles(db.Users.AsNoTracking()).OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var regions = await RegionsAsync(db, rows, cancellationToken);
        return [.. rows.Select(row => ToUser(row, regions))];
    }

    public async Task<User?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await WithRoles(db.Users.AsNoTracking()).SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        return row is null ? null : ToUser(row, await RegionsAsync(db, [row], cancellationToken));
    }

    public async Task<UserCredentials?> FindCredentialsAsync(string userName, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.UserName == userName, cancellationToken);
        return row is null ? null : new UserCredentials(row.Id, row.UserName, row.PasswordHash, Utc.From(row.LockedUntil));
    }

    public async Task<string?> FindPasswordHashAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.Where(u => u.Id == id).Select(u => u.PasswordHash).SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<(UserWriteResult Result, User? User)> CreateAsync(
        string userName, string passwordHash, UserChanges fields, string? actorId, string auditAction, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7().ToString();
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var row = new UserRow { Id = id, UserName = userName, PasswordHash = passwordHash, CreatedAt = now };
        Apply(row, fields, now);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Users.Add(row);
        audit.Add(db, new AuditEntry(auditAction, actorId, AuditActions.UserSubject, id, RolesText(fields)));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.IsDuplicateKey())
        {
            return (exception.IsDuplicateKey(UserConfiguration.EmailKey) ? UserWriteResult.DuplicateEmail : UserWriteResult.DuplicateUserName, null);
        }

        // Read back: the database keeps microseconds, and the answer must be what later reads will say.
        return (UserWriteResult.Done, await FindAsync(row.Id, cancellationToken));
    }

    public async Task<(UserWriteResult Result, User? User)> UpdateAsync(string id, UserChanges fields, string actorId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await WithRoles(db.Users).SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (row is null)
        {
            return (UserWriteResult.NotFound, null);
        }

        Apply(row, fields, timeProvider.GetUtcNow().UtcDateTime);
        audit.Add(db, new AuditEntry(AuditActions.UserUpdated, actorId, AuditActions.UserSubject, id, RolesText(fields)));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.IsDuplicateKey(UserConfiguration.EmailKey))
        {
            return (UserWriteResult.DuplicateEmail, null);
        }

        // Read back: the database keeps microseconds, and the answer must be what later reads will say.
        return (UserWriteResult.Done, await FindAsync(row.Id, cancellationToken));
    }

    public async Task<bool> DeleteAsync(string id, string actorId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Users.SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (row is null)
        {
            return false;
        }

        // Served queues and refresh tokens go with the user (ON DELETE CASCADE).
        db.Users.Remove(row);
        audit.Add(db, new AuditEntry(AuditActions.UserDeleted, actorId, AuditActions.UserSubject, id));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone else deleted it first.
            return false;
        }

        return true;
    }

    /// <summary>Stores a new hash; with an actor, it is a password change (audited, every session ended).</summary>
    public async Task<bool> SetPasswordHashAsync(string id, string passwordHash, string? actorId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.InTransactionAsync(async ct =>
        {
            var updated = await db.Users.Where(u => u.Id == id)
                .ExecuteUpdateAsync(set => set.SetProperty(u => u.PasswordHash, passwordHash).SetProperty(u => u.UpdatedAt, now.UtcDateTime), ct);
            if (updated == 0)
            {
                return false;
            }

            if (actorId is not null)
            {
                await RefreshTokenStore.RevokeAllAsync(db, id, "password_changed", now, ct);
                audit.Add(db, new AuditEntry(AuditActions.PasswordChanged, actorId, AuditActions.UserSubject, id));
                await db.SaveChangesAsync(ct);
            }

            return true;
        }, cancellationToken);
    }

    /// <summary>Counts a failed login; at <paramref name="threshold"/> consecutive failures the account locks until <paramref name="lockedUntil"/>.</summary>
    public async Task<bool> RecordFailedLoginAsync(string id, int threshold, DateTimeOffset lockedUntil, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.InTransactionAsync(async ct =>
        {
            // The increment locks the row until commit, so concurrent failures count one after another.
            var users = db.Users.Where(u => u.Id == id);
            if (await users.ExecuteUpdateAsync(set => set.SetProperty(u => u.FailedLogins, u => u.FailedLogins + 1), ct) == 0)
            {
                return false;
            }

            var locks = await users.Select(u => u.FailedLogins).SingleAsync(ct) >= threshold;
            if (locks)
            {
                await users.ExecuteUpdateAsync(set => set.SetProperty(u => u.FailedLogins, 0).SetProperty(u => u.LockedUntil, lockedUntil.UtcDateTime), ct);
            }

            return locks;
        }, cancellationToken);
    }

    public async Task RecordSuccessfulLoginAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Users.Where(u => u.Id == id && (u.FailedLogins != 0 || u.LockedUntil != null))
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.FailedLogins, 0).SetProperty(u => u.LockedUntil, (DateTime?)null), cancellationToken);
    }

    internal static string FullNameContext(string id) => $"users/{id}/full_name";

    internal static string EmailContext(string id) => $"users/{id}/email";

    /// <summary>The branches that make up each region the rows hold a role in, read once for the whole list.</summary>
    private static async Task<ILookup<string, string>> RegionsAsync(ServiceQueueDbContext db, IEnumerable<UserRow> rows, CancellationToken cancellationToken)
    {
        var regions = rows.SelectMany(r => r.RegionRoles).Select(g => g.Region).Distinct().ToList();
        if (regions.Count == 0)
        {
            return Array.Empty<string>().ToLookup(r => r);
        }

        var members = await db.Branches.AsNoTracking().Where(b => b.Region != null && regions.Contains(b.Region))
            .Select(b => new { b.Region, b.Code }).ToListAsync(cancellationToken);
        return members.ToLookup(m => m.Region!, m => m.Code);
    }

    private static IQueryable<UserRow> WithRoles(IQueryable<UserRow> users) =>
        users.Include(u => u.Queues).Include(u => u.BranchRoles).Include(u => u.RegionRoles).AsSplitQuery();

    private static string RolesText(UserChanges fields) =>
        string.Join("; ", new[] { $"role={fields.Role}" }
            .Concat(fields.BranchRoles.Select(g => $"branch {g.Branch}={g.Role}"))
            .Concat(fields.RegionRoles.Select(g => $"region {g.Region}={g.Role}")));

    private void Apply(UserRow row, UserChanges fields, DateTime now)
    {
        row.Role = fields.Role;
        row.FullName = fields.FullName is null ? null : encryptor.Encrypt(fields.FullName, FullNameContext(row.Id));
        row.Email = fields.Email is null ? null : encryptor.Encrypt(fields.Email, EmailContext(row.Id));
        row.EmailIndex = fields.Email is null ? null : blindIndex.Compute(BlindIndexKind.Email, fields.Email);
        row.DefaultDesk = fields.DefaultDesk;
        row.UpdatedAt = now;
        var wanted = fields.Queues.ToHashSet();
        row.Queues.RemoveAll(q => !wanted.Contains(new QueueAddress(q.BranchCode, q.QueueCode)));
        row.Queues.AddRange(wanted.Except(row.Queues.Select(q => new QueueAddress(q.BranchCode, q.QueueCode)))
            .Select(queue => new UserQueueRow { UserId = row.Id, BranchCode = queue.Branch, QueueCode = queue.Code }));
        // A role changed in a branch or region is changed in place: the row's key is (user, branch) or (user, region).
        row.BranchRoles.RemoveAll(g => fields.BranchRoles.All(f => f.Branch != g.BranchCode));
        foreach (var grant in fields.BranchRoles)
        {
            if (row.BranchRoles.Find(r => r.BranchCode == grant.Branch) is { } held)
            {
                held.Role = grant.Role;
            }
            else
            {
                row.BranchRoles.Add(new UserBranchRoleRow { UserId = row.Id, BranchCode = grant.Branch, Role = grant.Role });
            }
        }

        row.RegionRoles.RemoveAll(g => fields.RegionRoles.All(f => f.Region != g.Region));
        foreach (var grant in fields.RegionRoles)
        {
            if (row.RegionRoles.Find(r => r.Region == grant.Region) is { } held)
            {
                held.Role = grant.Role;
            }
            else
            {
                row.RegionRoles.Add(new UserRegionRoleRow { UserId = row.Id, Region = grant.Region, Role = grant.Role });
            }
        }
    }

    private User ToUser(UserRow row, ILookup<string, string> regionBranches)
    {
        var defaultBranch = branches.Value.Default;
        var grants = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (branch, role) in row.RegionRoles.SelectMany(g => regionBranches[g.Region].Select(b => (b, g.Role)))
            .Concat(row.BranchRoles.Select(g => (g.BranchCode, g.Role))))
        {
            // A branch reached twice (its own role and its region's) counts the stronger role.
            if (grants.GetValueOrDefault(branch) != ServiceQueueRoles.Supervisor)
            {
                grants[branch] = role;
            }
        }

        return new(
            row.Id,
            row.UserName,
            row.Role,
            row.FullName is null ? null : encryptor.DecryptString(row.FullName, FullNameContext(row.Id)),
            row.Email is null ? null : encryptor.DecryptString(row.Email, EmailContext(row.Id)),
            row.DefaultDesk,
            [.. row.Queues.Where(q => q.BranchCode == defaultBranch).Select(q => q.QueueCode).Order(StringComparer.Ordinal)],
            Utc.From(row.CreatedAt),
            Utc.From(row.UpdatedAt))
        {
            Branches = [.. row.BranchRoles.OrderBy(g => g.BranchCode, StringComparer.Ordinal).Select(g => new UserBranchRole(
                g.BranchCode, g.Role, [.. row.Queues.Where(q => q.BranchCode == g.BranchCode).Select(q => q.QueueCode).Order(StringComparer.Ordinal)]))],
            Regions = [.. row.RegionRoles.OrderBy(g => g.Region, StringComparer.Ordinal).Select(g => new UserRegionRole(g.Region, g.Role))],
            Grants = [.. grants.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new BranchGrant(g.Key, g.Value))],
            QueueClaims = [.. row.Queues.OrderBy(q => q.BranchCode, StringComparer.Ordinal).ThenBy(q => q.QueueCode, StringComparer.Ordinal)
                .Select(q => q.BranchCode == defaultBranch ? q.QueueCode : new QueueAddress(q.BranchCode, q.QueueCode).ToString())],
        };
    }
}
