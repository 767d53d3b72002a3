using System.Diagnostics;
using System.Text.Json;
using ServiceQueue.Tests.Interop;

namespace ServiceQueue.Tests.Grpc;

/// <summary>The grpc-js scripts of <c>ServiceQueue.Tests/Interop</c>: an independent gRPC client and server.</summary>
internal static class GrpcJsPeer
{
    private const string Package = "@grpc/grpc-js";

    // Generous: only a hung script hits it, never a slow machine's normal run.
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Runs <c>echo-client.js</c> against <paramref name="address"/> and returns the JSON it prints.</summary>
    public static Task<JsonElement> RunClientAsync(Uri address, string testCase) =>
        RunScriptAsync("echo-client.js", $"{address.Host}:{address.Port}", testCase);

    /// <summary>Runs any client script of the Interop folder and returns the JSON it prints.</summary>
    public static async Task<JsonElement> RunScriptAsync(string script, params string[] arguments)
    {
        var (exitCode, output, error) = await NodeScript.RunAsync(script, Package, ScriptTimeout, arguments);
        Assert.True(exitCode == 0, $"{script} '{string.Join(' ', arguments)}' exited with {exitCode}. stderr: {error}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    /// <summary>Starts <c>echo-server.js</c>; it listens on 127.0.0.1 on a port of its own choosing.</summary>
    public static async Task<Server> StartServerAsync()
    {
        var process = NodeScript.Start("echo-server.js", Package);
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

    /// <summary>A running grpc-js server; disposing closes its stdin, which stops it.</summary>
    public sealed class Server(Process process, Uri address) : IAsyncDisposable
    {
        public Uri Address { get; } = address;

        public ValueTask DisposeAsync() => NodeScript.StopAsync(process);
    }
}
