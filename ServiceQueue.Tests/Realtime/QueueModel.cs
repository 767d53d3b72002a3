using System.Text.Json;

namespace ServiceQueue.Tests.Realtime;

/// <summary>What a console knows of a queue: a snapshot with the events after it applied, as a client would.</summary>
internal sealed class QueueModel
{
    public string Queue { get; private init; } = string.Empty;

    public HashSet<string> Waiting { get; } = [];

    public Dictionary<string, string> Active { get; } = [];

    public HashSet<string> Parked { get; } = [];

    public static QueueModel From(JsonElement snapshot)
    {
        var model = new QueueModel { Queue = snapshot.GetProperty("queue").GetProperty("code").GetString()! };
        foreach (var waiting in snapshot.GetProperty("waiting").EnumerateArray())
        {
            model.Waiting.Add(waiting.GetProperty("ticket").GetProperty("id").GetString()!);
        }

        foreach (var active in snapshot.GetProperty("active").EnumerateArray())
        {
            model.Active[active.GetProperty("id").GetString()!] = StateOf(active);
        }

        foreach (var parked in snapshot.GetProperty("parked").EnumerateArray())
        {
            model.Parked.Add(parked.GetProperty("id").GetString()!);
        }

        return model;
    }

    public void Apply(JsonElement e)
    {
        if (!e.TryGetProperty("ticket", out var ticket) || ticket.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var id = ticket.GetProperty("id").GetString()!;
        Waiting.Remove(id);
        Active.Remove(id);
        Parked.Remove(id);
        if (ticket.GetProperty("queue").GetString() != Queue)
        {
            return;
        }

        switch (ticket.GetProperty("state").GetString())
        {
            case "waiting":
                Waiting.Add(id);
                break;
            case "called" or "serving":
                Active[id] = StateOf(ticket);
                break;
            case "parked":
                Parked.Add(id);
                break;
        }
    }

    /// <summary>In the Broker's enum spelling, to compare with its snapshot.</summary>
    private static string StateOf(JsonElement ticket) => ticket.GetProperty("state").GetString() switch
    {
        "called" => "Called",
        "serving" => "Serving",
        var other => other ?? string.Empty,
    };
}
