namespace ServiceQueue.AppHost.LocalServers;

/// <summary>Where and how a local server runs.</summary>
public sealed record LocalServerOptions
{
    /// <summary>The server's own folder: data, configuration, sockets and its pid file.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The main port; a free loopback port when null.</summary>
    public int? Port { get; init; }

    /// <summary>The application account's password; generated when null.</summary>
    public string? Password { get; init; }

    /// <summary>Receives every line the server prints.</summary>
    public Action<string>? Output { get; init; }

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(10);
}
