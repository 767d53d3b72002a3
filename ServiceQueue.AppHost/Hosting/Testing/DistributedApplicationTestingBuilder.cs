using ServiceQueue.AppHost.Hosting.Servers;

namespace ServiceQueue.AppHost.Hosting.Testing;

/// <summary>
/// Boots the application exactly as the AppHost's <c>Program.cs</c> declares it, on free ports with
/// temporary data, for tests; disposing the returned application stops everything.
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    public static async Task<DistributedApplication> StartAsync(RunFolder folder, CancellationToken cancellationToken = default)
    {
        DistributedApplication? captured = null;
        var options = new DistributedApplicationOptions { StateDirectory = folder.Path, IsolatePorts = true };
        TestingHook.Current.Value = new TestingHook(options, app => captured = app);
        try
        {
            var entryPoint = typeof(DistributedApplicationTestingBuilder).Assembly.EntryPoint
                ?? throw new InvalidOperationException("The AppHost assembly has no entry point.");
            entryPoint.Invoke(null, [Array.Empty<string>()]);
        }
        finally
        {
            TestingHook.Current.Value = null;
        }

        var app = captured ?? throw new InvalidOperationException("The AppHost's Program did not call RunAsync on a built application.");
        await app.StartAsync(cancellationToken);
        return app;
    }
}
