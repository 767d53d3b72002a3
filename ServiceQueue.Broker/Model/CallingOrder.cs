namespace ServiceQueue.Broker.Model;

/// <summary>
/// The calling policy (design.md invariant 5) applied to a whole queue at one instant, to list the
/// waiting tickets in the order CallNext would take them if nothing else happened. call_next.lua is
/// the authority; this mirrors it for snapshots, in one pass over each line.
/// </summary>
internal static class CallingOrder
{
    /// <param name="priority">The priority line, in order.</param>
    /// <param name="normal">The normal line, in order.</param>
    /// <param name="run">Priority calls made in a row while normal tickets waited.</param>
    public static IReadOnlyList<Ticket> Arrange(
        IReadOnlyList<Ticket> priority, IReadOnlyList<Ticket> normal, int run, QueueDefinition definition, DateTimeOffset now)
    {
        var overdue = definition.MaxWait > TimeSpan.Zero
            ? priority.Concat(normal)
                .Where(t => now - t.WaitingSince > definition.MaxWait)
                .OrderBy(t => t.WaitingSince)
                .ThenBy(t => t.Id, StringComparer.Ordinal)
                .ToList()
            : [];
        var taken = overdue.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        var priorityLeft = priority.Count;
        var normalLeft = normal.Count;
        var order = new List<Ticket>(priorityLeft + normalLeft);

        foreach (var ticket in overdue)
        {
            if (ticket.Priority == PriorityClass.Priority)
            {
                priorityLeft--;
                run = normalLeft > 0 ? run + 1 : 0;
            }
            else
            {
                normalLeft--;
                run = 0;
            }

            order.Add(ticket);
        }

        int p = 0, n = 0;
        while (priorityLeft + normalLeft > 0)
        {
            if (priorityLeft > 0 && (normalLeft == 0 || run < definition.PriorityRun))
            {
                order.Add(Next(priority, ref p, taken));
                priorityLeft--;
                run = normalLeft > 0 ? run + 1 : 0;
            }
            else
            {
                order.Add(Next(normal, ref n, taken));
                normalLeft--;
                run = 0;
            }
        }

        return order;
    }

    private static Ticket Next(IReadOnlyList<Ticket> line, ref int index, HashSet<string> taken)
    {
        while (taken.Contains(line[index].Id))
        {
            index++;
        }

        return line[index++];
    }
}
