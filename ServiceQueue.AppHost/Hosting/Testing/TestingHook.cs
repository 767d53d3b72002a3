namespace ServiceQueue.AppHost.Hosting.Testing;

/// <summary>
/// Set around a call to the AppHost's entry point by <see cref="DistributedApplicationTestingBuilder"/>:
/// the builder takes these options, and <c>RunAsync</c> hands the application over instead of running it.
/// </summary>
internal sealed record TestingHook(DistributedApplicationOptions Options, Action<DistributedApplication> Capture)
{
    public static readonly AsyncLocal<TestingHook?> Current = new();
}
