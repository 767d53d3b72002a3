using Microsoft.EntityFrameworkCore;
using ServiceQueue.Api.Model;
using ServiceQueue.Api.Storage.Configurations;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Api.Storage;

/// <summary>
/// Users and their served queues. Full name and e-mail are sealed with <see cref="FieldEncryptor"/>, bound
/// to their row and column; the e-mail's blind index keeps it unique.
/// </summary>
internal sealed class UserStore(IDbContextFactory<ServiceQueueDbContext> contexts, FieldEncryptor encryptor, BlindIndex blindIndex, AuditLog audit, TimeProvider timeProvider)
{
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.LongCountAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Users.AsNoTracking().Include(u => u.Queues).OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        return [.. rows.Select(ToUser)];
    }

    public async Task<User?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Users.AsNoTracking().Include(u => u.Queues).SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        return row is null ? null : ToUser(row);
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
        audit.Add(db, new AuditEntry(auditAction, actorId, AuditActions.UserSubject, id, $"role={fields.Role}"));
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
        var row = await db.Users.Include(u => u.Queues).SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (row is null)
        {
            return (UserWriteResult.NotFound, null);
        }

        Apply(row, fields, timeProvider.GetUtcNow().UtcDateTime);
        audit.Add(db, new AuditEntry(AuditActions.UserUpdated, actorId, AuditActions.UserSubject, id, $"role={fields.Role}"));
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

    private void Apply(UserRow row, UserChanges fields, DateTime now)
    {
        row.Role = fields.Role;
        row.FullName = fields.FullName is null ? null : encryptor.Encrypt(fields.FullName, FullNameContext(row.Id));
        row.Email = fields.Email is null ? null : encryptor.Encrypt(fields.Email, EmailContext(row.Id));
        row.EmailIndex = fields.Email is null ? null : blindIndex.Compute(BlindIndexKind.Email, fields.Email);
        row.DefaultDesk = fields.DefaultDesk;
        row.UpdatedAt = now;
        var wanted = fields.Queues.Distinct(StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        row.Queues.RemoveAll(q => !wanted.Contains(q.QueueCode));
        row.Queues.AddRange(wanted.Except(row.Queues.Select(q => q.QueueCode), StringComparer.Ordinal).Select(code => new UserQueueRow { UserId = row.Id, QueueCode = code }));
    }

    private User ToUser(UserRow row) => new(
        row.Id,
        row.UserName,
        row.Role,
        row.FullName is null ? null : encryptor.DecryptString(row.FullName, FullNameContext(row.Id)),
        row.Email is null ? null : encryptor.DecryptString(row.Email, EmailContext(row.Id)),
        row.DefaultDesk,
        [.. row.Queues.Select(q => q.QueueCode).Order(StringComparer.Ordinal)],
        Utc.From(row.CreatedAt),
        Utc.From(row.UpdatedAt));
}
