namespace ServiceQueue.Realtime.Model;

/// <summary>What the board's <c>Subscribe</c> returns: the queue's name and its latest calls, newest first.</summary>
internal sealed record DisplaySnapshot(string Queue, string Name, ulong Cursor, IReadOnlyList<NowCalling> Recent);
