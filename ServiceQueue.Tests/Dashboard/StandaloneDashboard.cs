using ServiceQueue.AppHost.Dashboard;
using ServiceQueue.AppHost.Hosting.Orchestration;
using ServiceQueue.AppHost.LocalServers;
using ServiceQueue.AppHost.Telemetry;

namespace ServiceQueue.Tests.Dashboard;

/// <summary>The dashboard and receiver alone, on free ports, with no resources: for tests of telemetry and sign-in.</summary>
internal static class StandaloneDashboard
{
    public static Task<DashboardHost> StartAsync(TelemetryLimits? limits = null, ResourceConsole? console = null) =>
        DashboardHost.StartAsync(
            new DashboardOptions { Limits = limits ?? new TelemetryLimits() },
            FreePort.Next(),
            FreePort.Next(),
            new ResourceSupervisors(),
            console ?? new ResourceConsole(TextWriter.Null, color: false),
            CancellationToken.None);
}
