namespace ServiceQueue.Api.Model;

/// <summary>An open queue a kiosk may issue for: how many wait, what a ticket taken now would wait, and what to ask the customer.</summary>
public sealed record KioskQueueResponse(string Code, string Address, string Name, int Waiting, WaitRange? Estimate, IReadOnlyList<string> Fields);
