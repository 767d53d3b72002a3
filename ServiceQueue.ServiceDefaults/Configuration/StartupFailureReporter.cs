using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ServiceQueue.ServiceDefaults.Configuration;

/// <summary>
/// Turns a missing or invalid setting that escapes Main into one line on stderr and exit code 2,
/// instead of the runtime's stack dump: an operator needs the key's name, not a trace.
/// </summary>
internal static partial class StartupFailureReporter
{
    public const int ExitCode = 2;

    private static string _serviceName = "service";
    private static int _installed;

    public static void Install(string serviceName)
    {
        // The handler is process-wide; the last host built names the process.
        Volatile.Write(ref _serviceName, serviceName);
        if (Interlocked.Exchange(ref _installed, 1) == 0)
        {
            AppDomain.CurrentDomain.UnhandledException += OnUnhandledException;
        }
    }

    /// <summary>The line to print for a setting failure, or null when the exception is something else.</summary>
    public static string? Describe(string serviceName, Exception exception)
    {
        var reasons = Flatten(exception).ToList();
        if (reasons.Count == 0 || reasons.Any(r => r is null))
        {
            return null;
        }

        return $"{serviceName}: {string.Join("; ", reasons)}";
    }

    private static IEnumerable<string?> Flatten(Exception exception) => exception switch
    {
        SettingException setting => [setting.Message],
        OptionsValidationException validation => [OneLine($"invalid setting: {string.Join("; ", validation.Failures)}")],
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(Flatten),
        InvalidOperationException conversion when ConversionFailure().Match(conversion.Message) is { Success: true } match =>
            // The binder's message quotes the value, which may be a secret: only the key and type are kept.
            [$"invalid setting {SettingKey.ToEnvironmentForm(match.Groups["key"].Value)} (not a valid {match.Groups["type"].Value})"],
        _ => [null],
    };

    // ConfigurationBinder: "Failed to convert configuration value '...' at 'Section:Key' to type 'System.Int32'."
    [GeneratedRegex(@"^Failed to convert configuration value .* at '(?<key>[^']+)' to type '(?<type>[^']+)'\.", RegexOptions.Singleline)]
    private static partial Regex ConversionFailure();

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static void OnUnhandledException(object sender, UnhandledExceptionEventArgs e)
    {
        if (e.ExceptionObject is not Exception exception || Describe(Volatile.Read(ref _serviceName), exception) is not { } line)
        {
            return;
        }

        Console.Error.WriteLine(line);
        Console.Error.Flush();
        // Exiting here, before the runtime reports the exception, is what keeps the stack dump off stderr.
        Environment.Exit(ExitCode);
    }
}
