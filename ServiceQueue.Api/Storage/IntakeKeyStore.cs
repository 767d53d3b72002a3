using Dapper;
using MySql.Data.MySqlClient;

namespace ServiceQueue.Api.Storage;

/// <summary>
/// <c>intake_keys</c>: each Idempotency-Key with the SHA-256 of the body it came with (never the body:
/// it holds personal data) and whether RabbitMQ confirmed it.
/// </summary>
internal sealed class IntakeKeyStore(MySqlConnectionFactory connections, TimeProvider timeProvider)
{
    public async Task<IntakeKeyClaim> ClaimAsync(string requestId, byte[] bodyHash, string queue, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO intake_keys (request_id, body_hash, queue_code, created_at) VALUES (@requestId, @bodyHash, @queue, @now)",
                new { requestId, bodyHash, queue, now = timeProvider.GetUtcNow().UtcDateTime },
                cancellationToken: cancellationToken));
            return IntakeKeyClaim.Publish;
        }
        catch (MySqlException exception) when (exception.Number == MySqlErrors.DuplicateKey)
        {
            var stored = await connection.QuerySingleAsync<(byte[] BodyHash, DateTime? ConfirmedAt)>(new CommandDefinition(
                "SELECT body_hash, confirmed_at FROM intake_keys WHERE request_id = @requestId", new { requestId }, cancellationToken: cancellationToken));
            return !stored.BodyHash.AsSpan().SequenceEqual(bodyHash) ? IntakeKeyClaim.Conflict
                : stored.ConfirmedAt is null ? IntakeKeyClaim.Publish
                : IntakeKeyClaim.AlreadyAccepted;
        }
    }

    public async Task MarkConfirmedAsync(string requestId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE intake_keys SET confirmed_at = @now WHERE request_id = @requestId AND confirmed_at IS NULL",
            new { requestId, now = timeProvider.GetUtcNow().UtcDateTime },
            cancellationToken: cancellationToken));
    }
}
