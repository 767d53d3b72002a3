using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;

namespace ServiceQueue.Tests.Infrastructure;

/// <summary>Keeps what the tracer provider exports, for a test to inspect.</summary>
internal sealed class InMemoryActivityExporter : BaseExporter<Activity>
{
    private readonly ConcurrentQueue<Activity> _exported = new();

    public IReadOnlyCollection<Activity> Exported => _exported;

    public override ExportResult Export(in Batch<Activity> batch)
    {
        foreach (var activity in batch)
        {
            _exported.Enqueue(activity);
        }

        return ExportResult.Success;
    }
}
