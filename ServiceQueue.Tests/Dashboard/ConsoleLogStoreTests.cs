using ServiceQueue.AppHost.Dashboard;
using ServiceQueue.AppHost.Hosting.Orchestration;

namespace ServiceQueue.Tests.Dashboard;

public sealed class ConsoleLogStoreTests
{
    [Fact]
    public void Each_resource_keeps_its_newest_lines_and_a_reader_follows_and_searches_them()
    {
        var console = new ResourceConsole(TextWriter.Null, color: false);
        using var store = new ConsoleLogStore(console, capacityPerResource: 3);
        for (var i = 1; i <= 5; i++)
        {
            console.Write("broker", $"line {i}");
        }

        console.Write("api", "api line");

        var page = store.Read("broker", after: 0, search: null, limit: 100);
        Assert.Equal(["line 3", "line 4", "line 5"], page.Lines.Select(l => l.Text));

        console.Write("broker", "line 6 ERROR");
        var next = store.Read("broker", page.Last, search: null, limit: 100);
        Assert.Equal(["line 6 ERROR"], next.Lines.Select(l => l.Text));
        Assert.Equal(["line 6 ERROR"], store.Read("broker", 0, "error", 100).Lines.Select(l => l.Text));
        Assert.Empty(store.Read("nobody", 0, null, 100).Lines);

        store.Dispose();
        console.Write("broker", "after dispose");
        Assert.DoesNotContain(store.Read("broker", 0, null, 100).Lines, l => l.Text == "after dispose");
    }
}
