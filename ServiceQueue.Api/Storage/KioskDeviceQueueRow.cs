namespace ServiceQueue.Api.Storage;

/// <summary>A row of <c>kiosk_device_queues</c>: one queue of the kiosk's branch it may issue tickets for.</summary>
internal sealed class KioskDeviceQueueRow
{
    public string KioskId { get; set; } = "";
    public string QueueCode { get; set; } = "";
}
