namespace ServiceQueue.Realtime.Model;

internal sealed record QueueDefinitionView(string Code, string Name, string NumberPrefix, bool Open, int MaxSize, int PriorityRun);
