using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace ServiceQueue.ServiceDefaults.Messaging;

/// <summary>
/// The service's one long-lived RabbitMQ connection (RabbitMQ's guidance: connections are
/// expensive, channels are cheap). Opened on first use, recovered by the client library after a
/// network failure, and retried on the next use if it could not be opened at all.
/// </summary>
public sealed partial class RabbitMqConnection(ConnectionFactory factory, ILogger<RabbitMqConnection> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    public bool IsOpen => _connection?.IsOpen == true;

    public async Task<IConnection> GetAsync(CancellationToken cancellationToken)
    {
        if (_connection is { } existing)
        {
            return existing;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_connection is null)
            {
                _connection = await factory.CreateConnectionAsync(cancellationToken);
                LogConnected(logger, factory.HostName, factory.Port, factory.VirtualHost);
            }

            return _connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            await connection.CloseAsync();
            connection.Dispose();
        }

        _gate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to RabbitMQ at {Host}:{Port}, virtual host {VirtualHost}")]
    private static partial void LogConnected(ILogger logger, string host, int port, string virtualHost);
}
