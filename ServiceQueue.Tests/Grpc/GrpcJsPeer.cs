using System.Diagnostics;
using System.Text.Json;

namespace ServiceQueue.Tests.Grpc;

/// <summary>
/// Runs the grpc-js scripts of <c>ServiceQueue.Tests/Interop</c> with Node, from the source folder
/// where <c>npm ci</c> put <c>node_modules</c>.
/// </summary>
internal static class GrpcJsPeer
{
    // Generous: only a hung script hits it, never a slow machine's normal run.
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(2);

    private static readonly Lazy<string> InteropFolder = new(FindInteropFolder);

    /// <summary>Runs <c>echo-client.js</c> against <paramref name="address"/> and returns the JSON it prints.</summary>
    public static Task<JsonElement> RunClientAsync(Uri address, string testCase) =>
        RunScriptAsync("echo-client.js", $"{address.Host}:{address.Port}", testCase);

    /// <summary>Runs any client script of the Interop folder and returns the JSON it prints.</summary>
    public static async Task<JsonElement> RunScriptAsync(string script, params string[] arguments)
    {
        var testCase = string.Join(' ', arguments);
        using var process = Start(script, arguments);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(ScriptTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} '{testCase}' did not finish in {ScriptTimeout}. stderr: {await stderr}");
        }

        var output = await stdout;
        Assert.True(process.ExitCode == 0, $"{script} '{testCase}' exited with {process.ExitCode}. stderr: {await stderr}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    /// <summary>Starts <c>echo-server.js</c>; it listens on 127.0.0.1 on a port of its own choosing.</summary>
    public static async Task<Server> StartServerAsync()
    {
        var process = Start("echo-server.js");
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(ScriptTimeout)
                ?? throw new InvalidOperationException($"echo-server.js exited before listening. stderr: {await process.StandardError.ReadToEndAsync()}");
            var port = JsonDocument.Parse(line).RootElement.GetProperty("port").GetInt32();
            return new Server(process, new Uri($"http://127.0.0.1:{port}"));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    private static Process Start(string script, params string[] arguments)
    {
        var folder = InteropFolder.Value;
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(folder, script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
    }

    private static string FindInteropFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ServiceQueue.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException($"No ServiceQueue.sln above {AppContext.BaseDirectory}; the interop tests run from the source tree.");
        }

        var folder = Path.Combine(directory.FullName, "ServiceQueue.Tests", "Interop");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@grpc", "grpc-js")))
        {
            throw new InvalidOperationException($"grpc-js is not installed: run `npm ci` in {folder} (the interop tests need it).");
        }

        return folder;
    }

    /// <summary>A running grpc-js server; disposing closes its stdin, which stops it.</summary>
    public sealed class Server(Process process, Uri address) : IAsyncDisposable
    {
        public Uri Address { get; } = address;

        public async ValueTask DisposeAsync()
        {
            try
            {
                process.StandardInput.Close();
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
            }
            finally
            {
                process.Dispose();
            }
        }
    }
}
