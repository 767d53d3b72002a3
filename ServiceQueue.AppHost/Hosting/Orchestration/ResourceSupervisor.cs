using System.Globalization;

namespace ServiceQueue.AppHost.Hosting.Orchestration;

/// <summary>
/// Keeps one resource running: tracks its state, polls its readiness, restarts it with exponential
/// backoff when its process ends on its own, and carries out stop, start and restart from the dashboard.
/// </summary>
internal abstract class ResourceSupervisor
{
    private readonly SemaphoreSlim _transition = new(1, 1);
    private readonly RestartBackoff _backoff;
    private readonly DistributedApplicationOptions _options;
    private readonly ResourceConsole _console;
    private CancellationTokenSource? _run;
    private Task _loop = Task.CompletedTask;
    private int _launches;

    protected ResourceSupervisor(string name, string kind, DistributedApplicationOptions options, ResourceConsole console)
    {
        Name = name;
        Kind = kind;
        _options = options;
        _console = console;
        _backoff = new RestartBackoff(options.RestartDelay, options.MaxRestartDelay);
    }

    public string Name { get; }

    public string Kind { get; }

    public ResourceState State { get; private set; } = ResourceState.Starting;

    public int Restarts => Math.Max(0, _launches - 1);

    public DateTimeOffset? StartedAt { get; private set; }

    public int? ExitCode { get; private set; }

    public bool StoppedByUser { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The process id of the resource's main process while it runs.</summary>
    public abstract int? Pid { get; }

    public abstract IReadOnlyList<ResourceEndpoint> Endpoints { get; }

    public ResourceSnapshot Snapshot()
    {
        var pid = Pid;
        // Launched but not ready yet: the process is there, its readiness check has not passed.
        var state = State == ResourceState.Starting && pid is not null ? ResourceState.Running : State;
        return new ResourceSnapshot(
            Name,
            Kind,
            state.ToString().ToLowerInvariant(),
            state switch
            {
                ResourceState.Healthy => "healthy",
                ResourceState.Unhealthy => "unhealthy",
                _ => null,
            },
            Endpoints,
            state is ResourceState.Exited or ResourceState.Failed ? null : pid,
            StartedAt,
            Restarts,
            ExitCode,
            StoppedByUser,
            Error);
    }

    /// <summary>The first start, as part of the application's: a failure fails the application's start.</summary>
    public async Task StartFirstAsync(CancellationToken cancellationToken)
    {
        try
        {
            await StartInitiallyAsync(cancellationToken);
        }
        catch (Exception error)
        {
            State = ResourceState.Failed;
            Error = error.Message;
            throw;
        }

        Launched();
        BeginSupervising(launchFirst: false);
    }

    /// <summary>Stops the resource and its supervision; it stays down until <see cref="StartAsync"/>.</summary>
    public async Task StopAsync(bool byUser)
    {
        await _transition.WaitAsync(CancellationToken.None);
        try
        {
            await EndSupervisionAsync();
            await StopProcessAsync();
            State = ResourceState.Exited;
            StoppedByUser = byUser;
            if (byUser)
            {
                _console.Write(Name, "stopped from the dashboard");
            }
        }
        finally
        {
            _transition.Release();
        }
    }

    /// <summary>Starts a stopped resource under supervision; does nothing if it is already supervised.</summary>
    public async Task StartAsync()
    {
        await _transition.WaitAsync(CancellationToken.None);
        try
        {
            if (!_loop.IsCompleted)
            {
                return;
            }

            StoppedByUser = false;
            _backoff.Reset();
            BeginSupervising(launchFirst: true);
        }
        finally
        {
            _transition.Release();
        }
    }

    public async Task RestartAsync()
    {
        await StopAsync(byUser: false);
        await StartAsync();
    }

    /// <summary>Waits for dependencies, launches and waits until ready: the application's first start.</summary>
    protected abstract Task StartInitiallyAsync(CancellationToken cancellationToken);

    /// <summary>Launches again (dependencies are already ready) and waits until ready; throws if it does not get there.</summary>
    protected abstract Task LaunchAsync(CancellationToken cancellationToken);

    /// <summary>Ends whatever still runs of the resource (its whole process group); harmless when nothing runs.</summary>
    protected abstract Task StopProcessAsync();

    protected abstract Task<bool> CheckHealthAsync(CancellationToken cancellationToken);

    /// <summary>Completes when the running process (any of them, for a server) exits.</summary>
    protected abstract Task WhenExitedAsync();

    protected abstract int? LastExitCode { get; }

    private void Launched()
    {
        _launches++;
        StartedAt = DateTimeOffset.UtcNow;
        ExitCode = null;
        Error = null;
        State = ResourceState.Healthy;
    }

    private void BeginSupervising(bool launchFirst)
    {
        _run = new CancellationTokenSource();
        var token = _run.Token;
        _loop = Task.Run(() => SuperviseAsync(launchFirst, token), CancellationToken.None);
    }

    private async Task EndSupervisionAsync()
    {
        if (_run is null)
        {
            return;
        }

        await _run.CancelAsync();
        await _loop;
        _run.Dispose();
        _run = null;
    }

    private async Task SuperviseAsync(bool launchFirst, CancellationToken cancellationToken)
    {
        try
        {
            var launch = launchFirst;
            while (!cancellationToken.IsCancellationRequested)
            {
                if (launch && !await TryLaunchAsync(cancellationToken))
                {
                    await DelayBeforeRestartAsync(cancellationToken);
                    continue;
                }

                launch = true;
                await WatchAsync(cancellationToken);
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                ExitCode = LastExitCode;
                State = ResourceState.Exited;
                _console.Write(Name, $"exited with code {ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "?"}");
                if (StartedAt is { } started)
                {
                    _backoff.RanFor(DateTimeOffset.UtcNow - started);
                }

                await StopProcessAsync();
                await DelayBeforeRestartAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            State = ResourceState.Failed;
            Error = error.Message;
            _console.Write(Name, $"supervision stopped: {error.Message}");
        }
    }

    private async Task<bool> TryLaunchAsync(CancellationToken cancellationToken)
    {
        State = ResourceState.Starting;
        try
        {
            await LaunchAsync(cancellationToken);
            Launched();
            _console.Write(Name, $"started again (restart {Restarts.ToString(CultureInfo.InvariantCulture)})");
            return true;
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            _launches++;
            State = ResourceState.Failed;
            Error = error.Message;
            _console.Write(Name, $"start failed: {error.Message}");
            await StopProcessAsync();
            return false;
        }
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        var exited = WhenExitedAsync();
        while (!exited.IsCompleted && !cancellationToken.IsCancellationRequested)
        {
            await Task.WhenAny(exited, Task.Delay(_options.HealthCheckInterval, cancellationToken));
            if (exited.IsCompleted || cancellationToken.IsCancellationRequested)
            {
                return;
            }

            bool healthy;
            try
            {
                healthy = await CheckHealthAsync(cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                healthy = false;
            }

            if (!exited.IsCompleted && !cancellationToken.IsCancellationRequested)
            {
                State = healthy ? ResourceState.Healthy : ResourceState.Unhealthy;
            }
        }
    }

    private async Task DelayBeforeRestartAsync(CancellationToken cancellationToken)
    {
        var delay = _backoff.Next();
        _console.Write(Name, $"restarting in {delay.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s");
        await Task.Delay(delay, cancellationToken);
    }
}
