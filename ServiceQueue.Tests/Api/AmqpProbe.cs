using RabbitMQ.Client;

namespace ServiceQueue.Tests.Api;

/// <summary>A test's own AMQP connection to a virtual host: binds queues to watch what was published, and reads them.</summary>
internal sealed class AmqpProbe : IAsyncDisposable
{
    public const string IntakeQueue = "test.intake";

    private readonly IConnection _connection;

    private AmqpProbe(IConnection connection, IChannel channel)
    {
        _connection = connection;
        Channel = channel;
    }

    public IChannel Channel { get; }

    public static async Task<AmqpProbe> OpenAsync(string amqpUri)
    {
        var connection = await new ConnectionFactory { Uri = new Uri(amqpUri), ClientProvidedName = "api-test-probe" }.CreateConnectionAsync();
        return new AmqpProbe(connection, await connection.CreateChannelAsync());
    }

    /// <summary>A queue bound to every request, standing in for the Consumer's intake queue.</summary>
    public static async Task<AmqpProbe> BindIntakeAsync(string amqpUri)
    {
        var probe = await OpenAsync(amqpUri);
        await probe.Channel.ExchangeDeclareAsync("servicequeue.requests", ExchangeType.Topic, durable: true, autoDelete: false);
        await probe.Channel.QueueDeclareAsync(IntakeQueue, durable: true, exclusive: false, autoDelete: false);
        await probe.Channel.QueueBindAsync(IntakeQueue, "servicequeue.requests", "request.#");
        return probe;
    }

    public async Task<uint> CountAsync(string queue) => await Channel.MessageCountAsync(queue);

    /// <summary>Waits until a queue exists (declared by the service under test).</summary>
    public async Task<bool> WaitForQueueAsync(string queue, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (DateTime.UtcNow < until)
        {
            var channel = await _connection.CreateChannelAsync();
            try
            {
                await channel.QueueDeclarePassiveAsync(queue);
                return true;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                await Task.Delay(200);
            }
            finally
            {
                channel.Dispose();
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.CloseAsync();
        _connection.Dispose();
    }
}
