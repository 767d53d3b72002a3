namespace ServiceQueue.Api.Model;

/// <summary>A validated kiosk enrolment or change; the queue codes are upper case, distinct and ordered.</summary>
internal sealed record KioskSettings(string Name, string Branch, IReadOnlyList<string> Queues, string Language);
