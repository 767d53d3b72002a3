using System.Diagnostics;
using ServiceQueue.Broker.V1;
using static ServiceQueue.Tests.Consumer.IntakeRig;

namespace ServiceQueue.Tests.Consumer;

/// <summary>The AMQP contract holds for any client: a request published by npm's amqplib is taken like any other.</summary>
public sealed class IntakeInteropTests
{
    [Fact]
    public async Task A_request_published_by_amqplib_becomes_a_ticket()
    {
        await using var rig = await StartAsync();
        await rig.UpsertQueueAsync("GEN");

        var folder = InteropFolder();
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { Path.Combine(folder, "amqp-publish.js"), rig.AmqpUri, "from-amqplib", DateTimeOffset.UtcNow.ToString("O") },
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await node.WaitForExitAsync(timeout.Token);
        Assert.True(node.ExitCode == 0, await stderr);

        var ticket = await EventuallyAsync(() => rig.GetTicketAsync("from-amqplib"), t => t is not null, TimeSpan.FromSeconds(30));
        Assert.NotNull(ticket);
        Assert.Equal("GEN", ticket.Queue);
        Assert.Equal(Channel.Partner, ticket.Channel);
    }

    private static string InteropFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ServiceQueue.sln")))
        {
            directory = directory.Parent;
        }

        var folder = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("run from the source tree"), "ServiceQueue.Tests", "Interop");
        return Directory.Exists(Path.Combine(folder, "node_modules", "amqplib"))
            ? folder
            : throw new InvalidOperationException($"amqplib is not installed: run `npm ci` in {folder}.");
    }
}
