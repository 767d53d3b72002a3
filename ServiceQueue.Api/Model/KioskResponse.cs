using System.Text.Json.Serialization;

namespace ServiceQueue.Api.Model;

/// <summary>A kiosk as an Admin sees it. <see cref="Token"/> is present only in the answer to its enrolment: it is never stored.</summary>
public sealed record KioskResponse(
    string Id,
    string Name,
    string Branch,
    IReadOnlyList<string> Queues,
    string Language,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Token = null)
{
    internal static KioskResponse From(KioskDevice kiosk, string? token = null) =>
        new(kiosk.Id, kiosk.Name, kiosk.Branch, kiosk.Queues, kiosk.Language, kiosk.CreatedAt, kiosk.RevokedAt, token);
}
