namespace ServiceQueue.AppHost.Publishing;

/// <summary>What differs between the servers' StatefulSets beyond what the app model says: command, paths, probes and sizes.</summary>
internal sealed record ServerShape(
    string Component,
    IReadOnlyList<string>? Command,
    string DataPath,
    IReadOnlyList<string> ScratchPaths,
    bool ReadOnlyRootFilesystem,
    IReadOnlyList<string> ReadyCommand,
    IReadOnlyList<string> AliveCommand,
    string MemoryRequest,
    string MemoryLimit,
    string Storage);
