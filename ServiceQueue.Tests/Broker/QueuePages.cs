extern alias broker;

using broker::ServiceQueue.Broker.Model;
using broker::ServiceQueue.Broker.Storage;

namespace ServiceQueue.Tests.Broker;

/// <summary>Reads a whole queue the only way GetQueue allows now: page after page until the total.</summary>
internal static class QueuePages
{
    public static async Task<IReadOnlyList<WaitingTicket>> AllWaitingAsync(this QueueStore store, string code, int pageSize = QueuePaging.MaxPageSize)
    {
        var all = new List<WaitingTicket>();
        while (true)
        {
            var page = await store.GetQueueAsync(code, all.Count, pageSize, CancellationToken.None);
            all.AddRange(page.Waiting);
            if (page.Waiting.Count == 0 || all.Count >= page.WaitingTotal)
            {
                return all;
            }
        }
    }
}
