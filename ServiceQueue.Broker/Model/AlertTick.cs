namespace ServiceQueue.Broker.Model;

/// <summary>What one evaluation of a branch's alert rules changed; <see cref="Skipped"/> when its clock was behind the last one.</summary>
internal sealed record AlertTick(int Raised, int Updated, int Cleared, bool Skipped);
