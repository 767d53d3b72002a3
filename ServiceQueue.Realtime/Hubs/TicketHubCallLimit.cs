using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using ServiceQueue.Realtime.Options;

namespace ServiceQueue.Realtime.Hubs;

/// <summary>
/// At most <c>Realtime:TicketCallsPerMinute</c> method calls per ticket hub connection: an anonymous caller
/// cannot use one connection to try token after token. Past it a call is refused <c>rate_limited</c>.
/// </summary>
internal sealed class TicketHubCallLimit(IOptions<RealtimeOptions> options, TimeProvider clock) : IHubFilter
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var items = invocationContext.Context.Items;
        if (!items.TryGetValue(typeof(CallBudget), out var held) || held is not CallBudget budget)
        {
            items[typeof(CallBudget)] = budget = new CallBudget();
        }

        if (!budget.TryTake(clock.GetUtcNow(), options.Value.TicketCallsPerMinute))
        {
            throw new HubException("rate_limited: Too many requests from this page; wait a minute and try again.");
        }

        return await next(invocationContext);
    }

    /// <summary>A fixed one-minute window of calls for one connection.</summary>
    private sealed class CallBudget
    {
        private readonly Lock _gate = new();
        private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
        private int _taken;

        public bool TryTake(DateTimeOffset now, int limit)
        {
            lock (_gate)
            {
                if (now - _windowStart >= Window)
                {
                    _windowStart = now;
                    _taken = 0;
                }

                return ++_taken <= limit;
            }
        }
    }
}
