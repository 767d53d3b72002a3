using System.Text.Json;

namespace ServiceQueue.Tests.Interop;

/// <summary>The grpc-js client scripts of <c>ServiceQueue.Tests/Interop</c>: an independent gRPC peer of the real Broker.</summary>
internal static class GrpcJsPeer
{
    private const string Package = "@grpc/grpc-js";

    // Generous: only a hung script hits it, never a slow machine's normal run.
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Runs a client script of the Interop folder and returns the JSON it prints.</summary>
    public static async Task<JsonElement> RunScriptAsync(string script, params string[] arguments)
    {
        var (exitCode, output, error) = await NodeScript.RunAsync(script, Package, ScriptTimeout, arguments);
        Assert.True(exitCode == 0, $"{script} '{string.Join(' ', arguments)}' exited with {exitCode}. stderr: {error}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
