namespace ServiceQueue.Broker.Model;

internal enum PriorityClass
{
    Normal,
    Priority,
}
