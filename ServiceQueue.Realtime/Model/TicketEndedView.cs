namespace ServiceQueue.Realtime.Model;

/// <summary>How a followed ticket ended: <c>completed</c>, <c>no_show</c>, <c>removed</c> or <c>cancelled</c> (by its holder).</summary>
internal sealed record TicketEndedView(string Outcome);
