namespace ServiceQueue.AppHost.Dashboard;

/// <summary>One line a resource printed; sequence numbers grow across all resources, so a view asks for what follows its last.</summary>
public sealed record ConsoleLine(long Sequence, DateTimeOffset Time, string Text);
