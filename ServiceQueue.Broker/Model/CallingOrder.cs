namespace ServiceQueue.Broker.Model;

/// <summary>
/// The calling policy (design.md invariant 5) applied to a whole queue at one instant, to list the
/// waiting tickets in the order CallNext would take them if nothing else happened. call_next.lua is
/// the authority; this mirrors it for snapshots.
/// </summary>
internal static class CallingOrder
{
    /// <param name="priority">The priority line, in order.</param>
    /// <param name="normal">The normal line, in order.</param>
    /// <param name="run">Priority calls made in a row while normal tickets waited.</param>
    public static IReadOnlyList<Ticket> Arrange(
        IReadOnlyList<Ticket> priority, IReadOnlyList<Ticket> normal, int run, QueueDefinition definition, DateTimeOffset now)
    {
        var lines = new[] { new List<Ticket>(priority), new List<Ticket>(normal) };
        var overdue = definition.MaxWait > TimeSpan.Zero
            ? priority.Concat(normal)
                .Where(t => now - t.WaitingSince > definition.MaxWait)
                .OrderBy(t => t.WaitingSince)
                .ThenBy(t => t.Id, StringComparer.Ordinal)
                .ToList()
            : [];

        var order = new List<Ticket>(priority.Count + normal.Count);
        foreach (var ticket in overdue)
        {
            run = Take(ticket, lines, run);
            order.Add(ticket);
        }

        while (lines[0].Count > 0 || lines[1].Count > 0)
        {
            var next = lines[0].Count > 0 && (lines[1].Count == 0 || run < definition.PriorityRun) ? lines[0][0] : lines[1][0];
            run = Take(next, lines, run);
            order.Add(next);
        }

        return order;
    }

    private static int Take(Ticket ticket, List<Ticket>[] lines, int run)
    {
        var isPriority = ticket.Priority == PriorityClass.Priority;
        lines[isPriority ? 0 : 1].Remove(ticket);
        return isPriority ? (lines[1].Count > 0 ? run + 1 : 0) : 0;
    }
}
