namespace ServiceQueue.Api.Storage;

/// <summary>A row of <c>user_queues</c>: one queue a user serves, named by its branch and code.</summary>
internal sealed class UserQueueRow
{
    public string UserId { get; set; } = "";
    public string BranchCode { get; set; } = "";
    public string QueueCode { get; set; } = "";
}
