namespace ServiceQueue.AppHost.Publishing;

/// <summary>What differs between the servers' StatefulSets: image, ports, environment, paths, probes and sizes.</summary>
internal sealed record ServerShape(
    string Image,
    string Component,
    IReadOnlyList<(string Name, int Port)> Ports,
    IReadOnlyList<ServerEnvironment> Environment,
    IReadOnlyList<string>? Command,
    string DataPath,
    IReadOnlyList<string> ScratchPaths,
    bool ReadOnlyRootFilesystem,
    IReadOnlyList<string> ReadyCommand,
    IReadOnlyList<string> AliveCommand,
    string MemoryRequest,
    string MemoryLimit,
    string Storage);
