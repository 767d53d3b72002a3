using System.Globalization;
using ServiceQueue.Api.Storage;

namespace ServiceQueue.Api.KeyRotation;

/// <summary>
/// <c>ServiceQueue.Api rotate-keys [--batch-size N]</c>: re-encrypts every sealed column to
/// <c>Security__Encryption__ActiveKeyId</c> with the Api's own configuration, prints a summary and exits
/// (0 when nothing is left on another key, 1 otherwise). Safe while Api replicas serve.
/// </summary>
internal static class KeyRotationCommand
{
    public const string Name = "rotate-keys";
    private const int DefaultBatchSize = 500;

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var batchSize = DefaultBatchSize;
        var at = Array.IndexOf(args, "--batch-size");
        if (at >= 0 && (at + 1 >= args.Length || !int.TryParse(args[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out batchSize) || batchSize < 1))
        {
            await Console.Error.WriteLineAsync("--batch-size needs a whole number of at least 1.");
            return 2;
        }

        using var stopping = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stopping.Cancel();
        };

        // The same schema every replica has, so the command works on a database no Api has started on yet.
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(stopping.Token);
        var rotator = app.Services.GetRequiredService<KeyRotator>();
        var results = await rotator.RotateAsync(batchSize, stopping.Token);
        await Console.Out.WriteLineAsync($"Key rotation to '{rotator.ActiveKeyId}':");
        foreach (var result in results)
        {
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {result.Column}: {result.Reencrypted} re-encrypted, {result.AlreadyActive} already on it, {result.ChangedMeanwhile} changed meanwhile, {result.Unreadable} unreadable, {result.Remaining} remaining"));
        }

        return results.All(r => r.Remaining == 0) ? 0 : 1;
    }
}
