using System.Diagnostics;
using ServiceQueue.Consumer.Messaging;
using ServiceQueue.Consumer.Model;

namespace ServiceQueue.Consumer.Intake;

/// <summary>One delivery of a batch on its way to being settled: its span, its request once valid, its outcome once settled.</summary>
internal sealed class Item(Delivery delivery, Activity? activity, long started)
{
    public Delivery Delivery { get; } = delivery;

    public Activity? Activity { get; } = activity;

    public long Started { get; } = started;

    public ValidatedRequest? Request { get; set; }

    /// <summary>How the delivery was settled (the metric's and span's outcome); null while it is not.</summary>
    public string? Outcome { get; set; }
}
