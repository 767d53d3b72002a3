using RabbitMQ.Client;

namespace ServiceQueue.Tests.Infrastructure;

/// <summary>Reading what a service under test published, from a test's own AMQP channel.</summary>
internal static class AmqpChannelExtensions
{
    /// <summary>Takes (and acks) messages from a queue until <paramref name="count"/> arrived or the bound passed; the caller asserts how many.</summary>
    public static async Task<List<BasicGetResult>> TakeAsync(this IChannel channel, string queue, int count, TimeSpan within)
    {
        var taken = new List<BasicGetResult>();
        var until = DateTime.UtcNow + within;
        while (taken.Count < count && DateTime.UtcNow < until)
        {
            if (await channel.BasicGetAsync(queue, autoAck: true) is { } message)
            {
                taken.Add(message);
            }
            else
            {
                await Task.Delay(100);
            }
        }

        return taken;
    }
}
