using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServiceQueue.AppHost.Resources;

namespace ServiceQueue.AppHost.Commands;

/// <summary>
/// A dashboard command on the Api that runs the key rotation of docs/security.md end to end: a new key
/// is generated and kept in the AppHost's user secrets (as the next <c>encryption-key-N</c> parameter),
/// the services that read personal data restart with it active and the old ones still listed, then the
/// Api's own <c>rotate-keys</c> pass re-encrypts what MySQL holds. Its output goes to the Api's console log.
/// </summary>
internal static partial class RotateKeyCommand
{
    public const string Name = "rotate-encryption-key";

    public static IResourceBuilder<ProjectResource> WithRotateKeyCommand(
        this IResourceBuilder<ProjectResource> api, EncryptionKeyRing keys, params IResourceBuilder<ProjectResource>[] readers) =>
        api.WithCommand(
            Name,
            "Rotate the encryption key",
            context => ExecuteAsync(api.Resource, keys, [.. readers.Select(r => r.Resource)], context),
            new CommandOptions
            {
                Description = "Generates a new personal-data key, restarts the services with it active (old keys stay readable) and re-encrypts the Api's data with it.",
                ConfirmationMessage = "Generate a new encryption key, restart the Api, Consumer and Realtime with it, and re-encrypt the stored personal data?",
                IconName = "KeyReset",
                UpdateState = state => state.ResourceSnapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
                    ? ResourceCommandState.Enabled
                    : ResourceCommandState.Disabled,
            });

    private static async Task<ExecuteCommandResult> ExecuteAsync(
        ProjectResource api, EncryptionKeyRing keys, IReadOnlyList<ProjectResource> readers, ExecuteCommandContext context)
    {
        var services = context.Services;
        var cancellationToken = context.CancellationToken;
        var logger = services.GetRequiredService<ResourceLoggerService>().GetLogger(api);

        var id = keys.NextId;
        var value = new GeneratedKeyDefault(32).GetDefaultValue();
#pragma warning disable ASPIREUSERSECRETS001 // Aspire's own store of generated parameters; experimental in 13.x.
        var secrets = services.GetRequiredService<IUserSecretsManager>();
        // Kept before anything uses it: a crash after this point still finds the key on the next start.
        if (!secrets.TrySetSecret($"Parameters:{EncryptionKeyRing.ParameterName(id)}", value)
            || !secrets.TrySetSecret(EncryptionKeyRing.CountKey, id.ToString(CultureInfo.InvariantCulture)))
        {
            return CommandResults.Failure("The AppHost's user secrets cannot be written, so a new key would be lost; nothing was changed.");
        }
#pragma warning restore ASPIREUSERSECRETS001

        keys.Activate(id, value);
        LogKeyActivated(logger, id);
        var commands = services.GetRequiredService<ResourceCommandService>();
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        foreach (var reader in readers)
        {
            var restarted = await commands.ExecuteCommandAsync(reader, KnownResourceCommands.RestartCommand, cancellationToken);
            if (!restarted.Success)
            {
                return CommandResults.Failure($"Key {id} is active for the services restarted so far, but {reader.Name} did not restart: {restarted.Message}");
            }
        }

        foreach (var reader in readers)
        {
            await notifications.WaitForResourceHealthyAsync(reader.Name, cancellationToken);
        }

        var exitCode = await ReencryptAsync(api, services, logger, cancellationToken);
        return exitCode == 0
            ? CommandResults.Success($"Key {id} is active and every stored value was re-encrypted with it (the Api's console log has the counts).")
            : CommandResults.Failure($"Key {id} is active, but the re-encryption pass ended with code {exitCode}; see the Api's console log, then run the command again or `rotate-keys` by hand.");
    }

    /// <summary>The Api's <c>rotate-keys</c> pass, run from the Api's build output with the Api's own environment.</summary>
    private static async Task<int> ReencryptAsync(ProjectResource api, IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        var configuration = await ExecutionConfigurationBuilder.Create(api)
            .WithEnvironmentVariablesConfig()
            .BuildAsync(services.GetRequiredService<DistributedApplicationExecutionContext>(), logger, cancellationToken);
        var project = api.GetProjectMetadata().ProjectPath;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "run", "--project", project, "--no-build", "--no-launch-profile", "--", "rotate-keys" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in configuration.EnvironmentVariables)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = Task.WhenAll(
            ForwardAsync(process.StandardOutput, logger, cancellationToken),
            ForwardAsync(process.StandardError, logger, cancellationToken));
        await process.WaitForExitAsync(cancellationToken);
        await output;
        return process.ExitCode;
    }

    private static async Task ForwardAsync(StreamReader reader, ILogger logger, CancellationToken cancellationToken)
    {
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            LogRotationOutput(logger, line);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Encryption key {KeyId} generated, kept in the AppHost's user secrets and active for services started from now on")]
    private static partial void LogKeyActivated(ILogger logger, int keyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "rotate-keys: {Line}")]
    private static partial void LogRotationOutput(ILogger logger, string line);
}
