using System.Globalization;
using ServiceQueue.AppHost.Hosting.Servers;

namespace ServiceQueue.AppHost.Hosting.Orchestration;

/// <summary>
/// Runs one service from its built assembly with exactly the configuration Aspire or Kubernetes
/// would inject (contracts.md), and waits until it answers <c>/health</c>.
/// </summary>
internal sealed class ProjectRunner(ProjectResource project, DistributedApplicationOptions options, ResourceConsole console, Uri? otlpEndpoint = null)
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };

    public ProcessGroup? Process { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var dependency in project.WaitsFor)
        {
            await dependency.WhenReady.WaitAsync(cancellationToken);
        }

        await LaunchAsync(cancellationToken);
    }

    /// <summary>Starts the process (again) and waits until it answers <c>/health</c>; its dependencies are ready.</summary>
    public async Task LaunchAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(project.Metadata.AssemblyPath))
        {
            throw new InvalidOperationException(
                $"{project.Name}: {project.Metadata.AssemblyPath} is not built; run `dotnet build` on the AppHost (dotnet run does).");
        }

        Process = ProcessGroup.Start(
            project.Name,
            "dotnet",
            [project.Metadata.AssemblyPath],
            BuildEnvironment(),
            Path.GetDirectoryName(project.Metadata.ProjectPath)!,
            console.For(project.Name));
        await WaitUntilHealthyAsync(cancellationToken);
    }

    /// <summary>One readiness probe: <c>GET /health</c> on the <c>http</c> endpoint answers with success.</summary>
    public async Task<bool> CheckHealthAsync(CancellationToken cancellationToken)
    {
        if (project.GetEndpoint("http") is not { } http)
        {
            return Process is { HasExited: false };
        }

        try
        {
            using var response = await Probe.GetAsync(new Uri(http.Url, "/health"), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public Task StopAsync() => Process?.StopAsync(TimeSpan.FromSeconds(15)) ?? Task.CompletedTask;

    internal Dictionary<string, string?> BuildEnvironment()
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = options.EnvironmentName,
            ["DOTNET_ENVIRONMENT"] = options.EnvironmentName,
            ["ASPNETCORE_URLS"] = null,
            ["OTEL_SERVICE_NAME"] = project.Name,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={project.Name}-{Guid.NewGuid().ToString("N")[..8]}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        };

        if (otlpEndpoint is not null)
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint.ToString().TrimEnd('/');
            // Batches leave every second, as under Aspire's dashboard, so the views follow closely.
            environment["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
            environment["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
            environment["OTEL_METRIC_EXPORT_INTERVAL"] =
                ((long)options.Dashboard.MetricExportInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        }

        foreach (var endpoint in project.Endpoints)
        {
            environment[$"Kestrel__Endpoints__{endpoint.Name}__Url"] = endpoint.Url.ToString().TrimEnd('/');
            environment[$"Kestrel__Endpoints__{endpoint.Name}__Protocols"] = endpoint.Protocols;
        }

        foreach (var reference in project.References)
        {
            switch (reference)
            {
                case IResourceWithConnectionString resource:
                    environment[$"ConnectionStrings__{resource.Name}"] = resource.ConnectionString
                        ?? throw new InvalidOperationException($"{resource.Name} has no connection string yet.");
                    break;
                case ProjectResource service:
                    foreach (var endpoint in service.Endpoints)
                    {
                        environment[$"services__{service.Name}__{endpoint.Name}__0"] = endpoint.Url.ToString().TrimEnd('/');
                    }

                    break;
                default:
                    throw new InvalidOperationException($"{project.Name} cannot reference {reference.Name}: it has no connection string or endpoints.");
            }
        }

        foreach (var (name, value) in project.Environment.Where(e => !e.Value.PublishedOnly))
        {
            environment[name] = value.Resolve();
        }

        return environment;
    }

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        var http = project.GetEndpoint("http");
        if (http is null)
        {
            return;
        }

        var health = new Uri(http.Url, "/health");
        var deadline = DateTime.UtcNow + options.ReadyTimeout;
        while (true)
        {
            if (Process!.HasExited)
            {
                throw new InvalidOperationException(
                    $"{project.Name} exited with code {Process.ExitCode.ToString(CultureInfo.InvariantCulture)} before it was healthy; see its output above.");
            }

            try
            {
                using var response = await Probe.GetAsync(health, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{project.Name} did not answer {health} with success within {options.ReadyTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(200, cancellationToken);
        }
    }
}
