using System.Diagnostics;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Interop;

/// <summary>
/// The Node scripts of this folder (independent clients and servers of the project's protocols), run from
/// the source tree where <c>npm ci</c> (eng/setup.sh) put <c>node_modules</c>, with every pipe redirected.
/// </summary>
internal static class NodeScript
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private static readonly Lazy<string> Folder = new(() => RepositoryRoot.Combine("ServiceQueue.Tests", "Interop"));

    /// <summary>Starts <paramref name="script"/>, which needs the npm <paramref name="package"/> (named in the error when it is missing).</summary>
    public static Process Start(string script, string package, params string[] arguments)
    {
        var folder = Folder.Value;
        if (!Directory.Exists(Path.Combine(folder, "node_modules", package)))
        {
            throw new InvalidOperationException($"{package} is not installed: run `npm ci` in {folder} (eng/setup.sh does).");
        }

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

    /// <summary>Runs <paramref name="script"/> to its end; one still running after <paramref name="timeout"/> is killed and reported.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string script, string package, TimeSpan timeout, params string[] arguments)
    {
        using var process = Start(script, package, arguments);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} '{string.Join(' ', arguments)}' did not finish in {timeout}. stderr: {await error}");
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>Closes stdin, which ends the long-running scripts here; kills one still running after 30 s.</summary>
    public static async ValueTask StopAsync(Process process)
    {
        try
        {
            process.StandardInput.Close();
            await process.WaitForExitAsync().WaitAsync(StopTimeout);
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
