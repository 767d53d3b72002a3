namespace ServiceQueue.Realtime.Model;

/// <summary>What the board's <c>Subscribe</c> returns: the queue's name, its branch (a board shows one office) and its latest calls, newest first.</summary>
internal sealed record DisplaySnapshot(string Queue, string Branch, string Address, string Name, ulong Cursor, IReadOnlyList<NowCalling> Recent);
