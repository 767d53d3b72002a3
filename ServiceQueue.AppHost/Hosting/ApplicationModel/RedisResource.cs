using ServiceQueue.AppHost.Hosting.Servers;

namespace ServiceQueue.AppHost.Hosting;

/// <summary>Redis with an append-only file.</summary>
public sealed class RedisResource(string name) : ServerResource(name)
{
    /// <summary>When the append-only file is fsynced: <c>always</c>, <c>everysec</c> (default) or <c>no</c>.</summary>
    public string AppendFsync { get; set; } = "everysec";

    public override string? ConnectionString => ((RedisServer?)Server)?.ConnectionString;

    public override LocalServer CreateServer(LocalServerOptions options) => new RedisServer(options, AppendFsync);
}
