using System.Threading.Channels;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using ServiceQueue.Consumer.Intake;
using ServiceQueue.Consumer.Options;

namespace ServiceQueue.Consumer.Messaging;

/// <summary>
/// Attaches to the intake queue (manual acks, prefetch) and hands the deliveries to N workers through a
/// bounded in-memory channel; each worker takes them in batches (one Broker call each), so one slow or
/// retrying batch never holds up the others.
/// Re-attaches when its channel is closed by an error; connection failures are the client's automatic
/// recovery (which re-declares the topology and the consumer). On stop: cancel the consumer, let the
/// workers finish within the grace period, then return what is left to the queue, then close.
/// </summary>
internal sealed partial class IntakeConsumer(
    IServiceProvider services,
    IntakeProcessor processor,
    IOptions<IntakeOptions> options,
    TimeProvider clock,
    ILogger<IntakeConsumer> logger) : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan ReattachDelay = TimeSpan.FromSeconds(1);

    private readonly IntakeOptions _options = options.Value;
    private readonly Channel<Delivery> _deliveries = System.Threading.Channels.Channel.CreateBounded<Delivery>(
        new BoundedChannelOptions(options.Value.Prefetch) { SingleReader = false, SingleWriter = true });

    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abandon = new();
    private readonly SemaphoreSlim _attachGate = new(1, 1);
    private Task[] _workers = [];
    private Task? _supervisor;
    private IChannel? _channel;
    private AsyncEventingBasicConsumer? _consumer;
    private string? _consumerTag;

    /// <summary>True while a consumer is registered on an open channel.</summary>
    public bool IsAttached => _channel is { IsOpen: true } && _consumer is { IsRunning: true };

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _workers = Enumerable.Range(0, _options.Parallelism).Select(_ => Task.Run(WorkAsync, CancellationToken.None)).ToArray();
        _supervisor = Task.Run(SuperviseAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_supervisor is not null)
        {
            await _supervisor;
        }

        await _attachGate.WaitAsync(CancellationToken.None);
        try
        {
            if (_channel is { IsOpen: true } channel && _consumerTag is { } tag)
            {
                try
                {
                    await channel.BasicCancelAsync(tag, noWait: false, CancellationToken.None);
                }
                catch (Exception error)
                {
                    LogDetachFailed(logger, error.GetType().Name);
                }
            }

            _deliveries.Writer.TryComplete();
        }
        finally
        {
            _attachGate.Release();
        }

        // Deliveries in flight get the grace period; whatever is still unsettled after it is nacked for redelivery.
        var all = Task.WhenAll(_workers);
        var grace = Task.Delay(_options.ShutdownGrace, clock, CancellationToken.None);
        if (await Task.WhenAny(all, grace, Task.Delay(Timeout.Infinite, cancellationToken)) != all)
        {
            await _abandon.CancelAsync();
            await all;
        }

        if (_channel is { IsOpen: true } open)
        {
            await open.CloseAsync(CancellationToken.None);
        }

        LogStopped(logger);
    }

    private async Task SuperviseAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                var amqp = await IntakeConnection.GetAsync(services, _stopping.Token);
                // During automatic recovery the connection is closed and the client restores the channel itself.
                if (amqp.IsOpen && !IsAttached && (_channel is null || _channel.IsClosed))
                {
                    await AttachAsync(amqp, _stopping.Token);
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                LogAttachFailed(logger, error.GetType().Name, error.Message);
            }

            try
            {
                await Task.Delay(ReattachDelay, clock, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task AttachAsync(IConnection amqp, CancellationToken cancellationToken)
    {
        await _attachGate.WaitAsync(cancellationToken);
        try
        {
            if (_channel is { } old)
            {
                old.Dispose();
            }

            var channel = await amqp.CreateChannelAsync(cancellationToken: cancellationToken);
            await IntakeTopology.DeclareAsync(channel, _options.DeliveryLimit, cancellationToken);
            await channel.BasicQosAsync(0, (ushort)_options.Prefetch, global: false, cancellationToken);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, delivered) => OnReceivedAsync(channel, delivered);
            _channel = channel;
            _consumer = consumer;
            _consumerTag = await channel.BasicConsumeAsync(
                IntakeTopology.IntakeQueue, autoAck: false, consumerTag: string.Empty, noLocal: false, exclusive: false,
                arguments: null, consumer, cancellationToken);
            LogAttached(logger, IntakeTopology.IntakeQueue, _options.Prefetch, _options.Parallelism, _options.BatchSize);
        }
        finally
        {
            _attachGate.Release();
        }
    }

    private async Task OnReceivedAsync(IChannel channel, BasicDeliverEventArgs delivered)
    {
        var delivery = new Delivery(
            channel,
            delivered.DeliveryTag,
            delivered.Redelivered,
            delivered.RoutingKey,
            delivered.Body.ToArray(),
            new BasicProperties(delivered.BasicProperties),
            clock.GetUtcNow());

        // Never more than the prefetch is unacked, so this wait is short; after stop, the delivery is returned.
        if (!_deliveries.Writer.TryWrite(delivery))
        {
            try
            {
                await _deliveries.Writer.WriteAsync(delivery, _stopping.Token);
            }
            catch (Exception error) when (error is OperationCanceledException or ChannelClosedException)
            {
                await ReturnAsync(delivery);
            }
        }
    }

    private async Task WorkAsync()
    {
        var reader = _deliveries.Reader;
        var batch = new List<Delivery>(_options.BatchSize);
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            await GatherAsync(reader, batch);
            if (batch.Count == 0)
            {
                continue;
            }

            if (_abandon.IsCancellationRequested)
            {
                foreach (var delivery in batch)
                {
                    await ReturnAsync(delivery);
                }
            }
            else
            {
                await processor.ProcessAsync(batch, _abandon.Token);
            }

            batch.Clear();
        }
    }

    /// <summary>
    /// Up to <see cref="IntakeOptions.BatchSize"/> deliveries: whatever waits now, then whatever arrives within
    /// <see cref="IntakeOptions.BatchDelay"/> of the first. Under load the batch fills while the previous ones are
    /// with the Broker; when quiet a lone delivery waits at most the delay.
    /// </summary>
    private async Task GatherAsync(ChannelReader<Delivery> reader, List<Delivery> batch)
    {
        while (batch.Count < _options.BatchSize && reader.TryRead(out var delivery))
        {
            batch.Add(delivery);
        }

        if (batch.Count == 0 || batch.Count >= _options.BatchSize || _options.BatchDelay <= TimeSpan.Zero)
        {
            return;
        }

        using var window = new CancellationTokenSource(_options.BatchDelay, clock);
        try
        {
            while (batch.Count < _options.BatchSize && await reader.WaitToReadAsync(window.Token))
            {
                while (batch.Count < _options.BatchSize && reader.TryRead(out var delivery))
                {
                    batch.Add(delivery);
                }
            }
        }
        catch (OperationCanceledException) when (window.IsCancellationRequested)
        {
            // The window closed: the batch goes as it is.
        }
    }

    private async Task ReturnAsync(Delivery delivery)
    {
        try
        {
            if (delivery.Channel.IsOpen)
            {
                await delivery.Channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, CancellationToken.None);
            }
        }
        catch (Exception error)
        {
            LogDetachFailed(logger, error.GetType().Name);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _channel?.Dispose();
        _stopping.Dispose();
        _abandon.Dispose();
        _attachGate.Dispose();
        await Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming {Queue} with prefetch {Prefetch}, {Parallelism} workers and batches of up to {BatchSize}")]
    private static partial void LogAttached(ILogger logger, string queue, int prefetch, int parallelism, int batchSize);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot consume the intake queue yet ({Error}: {Message}); trying again")]
    private static partial void LogAttachFailed(ILogger logger, string error, string message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Detaching from the intake queue failed ({Error}); unacked deliveries return with the channel")]
    private static partial void LogDetachFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Intake stopped: consumer cancelled, deliveries settled or returned, channel closed")]
    private static partial void LogStopped(ILogger logger);
}
