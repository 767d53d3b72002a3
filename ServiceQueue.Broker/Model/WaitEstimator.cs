namespace ServiceQueue.Broker.Model;

/// <summary>The same estimate the scripts quote: recent average (and fastest) service time x ahead / attendants.</summary>
internal static class WaitEstimator
{
    public static WaitEstimate Estimate(IReadOnlyList<TimeSpan> samples, TimeSpan defaultServiceTime, int attendants, int ahead)
    {
        var average = samples.Count > 0 ? TimeSpan.FromMilliseconds(samples.Average(s => s.TotalMilliseconds)) : defaultServiceTime;
        var fastest = samples.Count > 0 ? samples.Min() : defaultServiceTime;
        var divisor = Math.Max(attendants, 1);
        return new WaitEstimate(
            TimeSpan.FromMilliseconds(Math.Floor(average.TotalMilliseconds * ahead / divisor)),
            TimeSpan.FromMilliseconds(Math.Floor(fastest.TotalMilliseconds * ahead / divisor)),
            ahead);
    }
}
