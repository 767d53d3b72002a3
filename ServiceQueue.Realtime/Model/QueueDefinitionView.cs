namespace ServiceQueue.Realtime.Model;

/// <summary>A queue's definition; <paramref name="Address"/> (<c>BRANCH.CODE</c>) is what the hub methods take to name it.</summary>
internal sealed record QueueDefinitionView(string Code, string Name, string NumberPrefix, bool Open, int MaxSize, int PriorityRun, string Branch, string Address);
