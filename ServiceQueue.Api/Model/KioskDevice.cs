namespace ServiceQueue.Api.Model;

/// <summary>An enrolled kiosk: where it stands, what it may issue tickets for, the language it speaks.</summary>
internal sealed record KioskDevice(
    string Id, string Name, string Branch, string Language, IReadOnlyList<string> Queues, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
