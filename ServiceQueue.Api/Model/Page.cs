using System.Text.Json.Serialization;

namespace ServiceQueue.Api.Model;

/// <summary>One page of a list, newest first, with the total so a client can page through it.</summary>
internal sealed record Page<T>(IReadOnlyList<T> Items, [property: JsonPropertyName("page")] int PageNumber, int PageSize, long Total);
