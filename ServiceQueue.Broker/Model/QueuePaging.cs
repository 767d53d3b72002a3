namespace ServiceQueue.Broker.Model;

/// <summary>How much of a queue one GetQueue reply holds: a page of the calling order, never the whole queue.</summary>
internal static class QueuePaging
{
    public const int DefaultPageSize = 50;

    // A page of 500 full tickets stays far below gRPC's 4 MiB message limit (about 270 bytes a ticket).
    public const int MaxPageSize = 500;
}
