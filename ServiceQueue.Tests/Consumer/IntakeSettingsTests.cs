using ServiceQueue.Tests.Security;
using ServiceQueue.Tests.ServiceDefaults;

namespace ServiceQueue.Tests.Consumer;

public sealed class IntakeSettingsTests
{
    [Theory]
    [InlineData("Intake__Prefetch", "0", "Prefetch")]
    [InlineData("Intake__MaxAge", "-00:01:00", "MaxAge")]
    [InlineData("Intake__Parallelism", "500", "Parallelism")]
    [InlineData("Intake__BatchSize", "300", "BatchSize")]
    [InlineData("Intake__BatchSize", "501", "BatchSize")]
    [InlineData("Intake__BatchDelay", "00:00:05", "BatchDelay")]
    public async Task An_invalid_intake_setting_stops_the_Consumer_at_start_with_one_line_naming_it(string key, string value, string named)
    {
        var (exitCode, stdout, stderr) = await ServiceProcess.RunAsync(new Projects.ServiceQueue_Consumer(), new Dictionary<string, string>
        {
            ["OTEL_SERVICE_NAME"] = "consumer",
            ["ConnectionStrings__rabbitmq"] = "amqp://u:p@127.0.0.1:1/",
            ["services__broker__grpc__0"] = "http://127.0.0.1:1",
            ["Security__Encryption__ActiveKeyId"] = "k1",
            ["Security__Encryption__Keys__k1"] = TestKeys.New(),
            ["Security__Encryption__BlindIndexKey"] = TestKeys.New(),
            [key] = value,
        });

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("consumer: invalid setting", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
    }
}
