namespace ServiceQueue.AppHost.Telemetry;

/// <summary>The kept points of one (service, instrument) pair.</summary>
internal sealed class MetricSeries(string service, string meter, string name, string unit, string description, string kind, string temporality, int capacity)
{
    private readonly RingBuffer<MetricPoint> _points = new(capacity);

    public void Add(MetricPoint point) => _points.Add(point);

    public MetricSeriesView View() => new(service, meter, name, unit, description, kind, temporality, [.. _points.Items()]);
}
