using System.Diagnostics;

using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Publish;

/// <summary>Runs a command line tool (the AppHost, kubectl, node) to its end and keeps what it printed.</summary>
internal static class Tool
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public Result EnsureSuccess(string what) =>
            ExitCode == 0 ? this : throw new InvalidOperationException($"{what} exited with {ExitCode}:\n{Error}\n{Output}");
    }

    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>
    /// <c>dotnet ServiceQueue.AppHost.dll --operation publish --step publish-k8s --output-path DIR ...</c>: the AppHost
    /// builds Aspire's model in publish mode and runs the Kubernetes environment's pipeline step, as an operator runs it.
    /// </summary>
    public static Task<Result> PublishAsync(string output, params string[] options) =>
        RunAsync("dotnet", [AppHost, "--operation", "publish", "--step", "publish-k8s", "--output-path", output, .. options]);

    /// <summary>The AppHost in its own build output (bin/Debug/net10.0 beside the tests'), where its dependencies are: the copy among the tests' files cannot start.</summary>
    private static string AppHost
    {
        get
        {
            var output = Path.GetRelativePath(RepositoryRoot.Combine("ServiceQueue.Tests"), AppContext.BaseDirectory);
            var assembly = Path.GetFileName(typeof(ServiceQueue.AppHost.Publishing.KubernetesEnvironmentResource).Assembly.Location);
            return Path.Combine(RepositoryRoot.Combine("ServiceQueue.AppHost"), output, assembly);
        }
    }

    public static async Task<string> KustomizeAsync(string folder) =>
        (await RunAsync("kubectl", ["kustomize", folder])).EnsureSuccess($"kubectl kustomize {folder}").Output;

    /// <summary>eng/k8s-validate/validate.mjs: kubernetes-models' schemas (and Argo CD's) over every object of the files.</summary>
    public static Task<Result> ValidateSchemasAsync(params string[] files)
    {
        var folder = RepositoryRoot.Combine("eng", "k8s-validate");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "kubernetes-models")))
        {
            throw new InvalidOperationException($"kubernetes-models is not installed: run `npm ci` in {folder} (eng/setup.sh does).");
        }

        return RunAsync("node", [Path.Combine(folder, "validate.mjs"), .. files], folder);
    }
}
