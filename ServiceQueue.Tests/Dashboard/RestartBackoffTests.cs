using ServiceQueue.AppHost.Hosting.Orchestration;

namespace ServiceQueue.Tests.Dashboard;

public sealed class RestartBackoffTests
{
    [Fact]
    public void Delays_double_from_one_second_up_to_the_cap_and_start_over_after_a_long_run()
    {
        var backoff = new RestartBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

        Assert.Equal([1, 2, 4, 8, 16, 30, 30], Enumerable.Range(0, 7).Select(_ => backoff.Next().TotalSeconds));

        backoff.RanFor(TimeSpan.FromSeconds(5));
        Assert.Equal(30, backoff.Next().TotalSeconds);
        backoff.RanFor(backoff.StableAfter);
        Assert.Equal(1, backoff.Next().TotalSeconds);
    }
}
