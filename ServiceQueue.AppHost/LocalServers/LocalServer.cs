using System.Diagnostics;

namespace ServiceQueue.AppHost.LocalServers;

/// <summary>
/// A database or broker run from the machine's own binaries as child processes, in a data folder
/// of its own, on loopback ports. Start waits until the server answers its protocol and is
/// provisioned; stop leaves no process behind. A run that was killed leaves a pid file, and the
/// next start in the same folder ends what it left.
/// </summary>
public abstract class LocalServer : IAsyncDisposable
{
    private const string PidFileName = "servicequeue.pids";
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    private readonly List<ProcessGroup> _processes = [];
    private readonly Action<string> _output;

    protected LocalServer(string name, LocalServerOptions options)
    {
        Name = name;
        Options = options;
        DataDirectory = Path.GetFullPath(options.DataDirectory);
        Port = options.Port ?? FreePort.Next();
        Password = options.Password ?? Secrets.Password();
        _output = options.Output ?? (_ => { });
    }

    public string Name { get; }

    public string DataDirectory { get; }

    /// <summary>The loopback port clients connect to; kept across a stop and start.</summary>
    public int Port { get; }

    /// <summary>The application account's password.</summary>
    public string Password { get; }

    public bool IsRunning => _processes.Count > 0 && _processes.All(p => !p.HasExited);

    /// <summary>Every process this server runs, leader first.</summary>
    public IReadOnlyList<ProcessGroup> Processes => _processes;

    protected LocalServerOptions Options { get; }

    /// <summary>The binaries the server needs and the Debian package that ships each.</summary>
    protected abstract IEnumerable<(string Path, string Package)> Binaries { get; }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_processes.Count > 0)
        {
            throw new InvalidOperationException($"{Name} is already started.");
        }

        ServerBinaries.EnsureInstalled(Binaries);
        Directory.CreateDirectory(DataDirectory);
        EndLeftovers();

        var started = Stopwatch.StartNew();
        try
        {
            await PrepareAsync(cancellationToken);
            foreach (var process in Launch())
            {
                _processes.Add(process);
                WritePidFile();
            }

            await WaitUntilReadyAsync(cancellationToken);
            await ProvisionAsync(cancellationToken);
            StartupTime = started.Elapsed;
        }
        catch
        {
            await StopAsync();
            throw;
        }
    }

    /// <summary>True while every process runs and the server answers its protocol (the supervisor's periodic check).</summary>
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        if (!IsRunning)
        {
            return false;
        }

        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(ProbeTimeout);
        try
        {
            return await ProbeAsync(attempt.Token);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>How long the last start took, from launch to provisioned.</summary>
    public TimeSpan StartupTime { get; private set; }

    public async Task StopAsync()
    {
        // Stop in reverse launch order: helpers (Erlang's port mapper) outlive what uses them.
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            await _processes[i].StopAsync(Options.StopGracePeriod);
        }

        _processes.Clear();
        File.Delete(PidFilePath);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Creates configuration and first-run state in the data folder.</summary>
    protected abstract Task PrepareAsync(CancellationToken cancellationToken);

    /// <summary>Starts the server's processes, in the order they depend on one another.</summary>
    protected abstract IEnumerable<ProcessGroup> Launch();

    /// <summary>True once the server answers its own protocol with the configured credentials.</summary>
    protected abstract Task<bool> ProbeAsync(CancellationToken cancellationToken);

    /// <summary>Creates databases, users and permissions once the server answers.</summary>
    protected virtual Task ProvisionAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected ProcessGroup StartProcess(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null,
        Action<string>? alsoTo = null) =>
        ProcessGroup.Start(
            Name,
            fileName,
            arguments,
            environment ?? new Dictionary<string, string?>(),
            DataDirectory,
            alsoTo is null ? _output : line => { _output(line); alsoTo(line); });

    /// <summary>Writes a file only its owner may read: configuration here holds passwords.</summary>
    protected static void WritePrivateFile(string path, string content)
    {
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.StartTimeout);
        while (true)
        {
            var exited = _processes.FirstOrDefault(p => p.HasExited);
            if (exited is not null)
            {
                throw new LocalServerException(
                    $"{Name} exited with code {exited.ExitCode} before it was ready; see its output above (data folder: {DataDirectory}).");
            }

            try
            {
                // Each probe gets a short leash: a port held by someone else may accept and never answer.
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
                attempt.CancelAfter(ProbeTimeout);
                if (await ProbeAsync(attempt.Token))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new LocalServerException($"{Name} did not answer within {Options.StartTimeout.TotalSeconds:0} s (data folder: {DataDirectory}).");
            }
            catch (Exception) when (!timeout.IsCancellationRequested)
            {
                // Not up yet: refused connections and failed logins are expected while it boots.
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new LocalServerException($"{Name} did not answer within {Options.StartTimeout.TotalSeconds:0} s (data folder: {DataDirectory}).");
            }
        }
    }

    private string PidFilePath => Path.Combine(DataDirectory, PidFileName);

    private void WritePidFile() =>
        File.WriteAllLines(PidFilePath, [ProcessIdentity.Current.ToString(), .. _processes.Select(p => p.Identity.ToString())]);

    /// <summary>Kills every process group recorded in server pid files anywhere under <paramref name="folder"/>.</summary>
    public static void EndProcessesRecordedUnder(string folder)
    {
        foreach (var pidFile in Directory.EnumerateFiles(folder, PidFileName, SearchOption.AllDirectories))
        {
            foreach (var process in File.ReadAllLines(pidFile).Skip(1).Select(ProcessIdentity.Parse).OfType<ProcessIdentity>())
            {
                ProcessGroup.KillOrphan(process);
            }
        }
    }

    /// <summary>Ends the processes a killed run left in this folder; refuses to share it with a live one.</summary>
    private void EndLeftovers()
    {
        if (!File.Exists(PidFilePath))
        {
            return;
        }

        var lines = File.ReadAllLines(PidFilePath).Select(ProcessIdentity.Parse).ToList();
        var owner = lines.FirstOrDefault();
        if (owner is not null && owner != ProcessIdentity.Current && owner.IsAlive())
        {
            throw new LocalServerException(
                $"{Name}'s data folder {DataDirectory} is in use by process {owner.Pid}; stop it first or use another folder.");
        }

        foreach (var process in lines.Skip(1).OfType<ProcessIdentity>())
        {
            ProcessGroup.KillOrphan(process);
        }

        File.Delete(PidFilePath);
    }
}
