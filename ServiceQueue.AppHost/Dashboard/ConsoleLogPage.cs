namespace ServiceQueue.AppHost.Dashboard;

/// <summary>A resource's console lines after a sequence number; <see cref="Last"/> is where the next request continues.</summary>
public sealed record ConsoleLogPage(string Resource, long Last, IReadOnlyList<ConsoleLine> Lines);
