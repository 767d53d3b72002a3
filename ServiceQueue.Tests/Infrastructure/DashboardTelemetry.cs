using System.Net;
using System.Text.Json;

namespace ServiceQueue.Tests.Infrastructure;

/// <summary>
/// The Aspire dashboard's telemetry API (<c>/api/telemetry/...</c>, OTLP JSON, <c>x-api-key</c>): what the
/// services exported, read back the way the dashboard holds it.
/// </summary>
internal sealed class DashboardTelemetry(Uri dashboard, string apiKey) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(dashboard.GetLeftPart(UriPartial.Authority)) };

    /// <summary>The spans of one trace (none while the dashboard has not received it).</summary>
    public async Task<IReadOnlyList<SpanView>> GetTraceAsync(string traceId, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/telemetry/traces/{traceId}");
        request.Headers.Add("x-api-key", apiKey);
        using var response = await _http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"the dashboard answered {(int)response.StatusCode}: {body}", null, response.StatusCode);
        }

        using var json = JsonDocument.Parse(body);
        var spans = new List<SpanView>();
        Collect(json.RootElement, spans);
        return spans;
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Every <c>resourceSpans</c> entry under <paramref name="element"/>, whatever envelope the API wraps it in.</summary>
    private static void Collect(JsonElement element, List<SpanView> spans)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, spans);
            }

            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (element.TryGetProperty("resourceSpans", out var resourceSpans))
        {
            foreach (var resource in resourceSpans.EnumerateArray())
            {
                var service = Attribute(resource.GetProperty("resource"), "service.name");
                foreach (var scope in resource.GetProperty("scopeSpans").EnumerateArray())
                {
                    foreach (var span in scope.GetProperty("spans").EnumerateArray())
                    {
                        spans.Add(new SpanView(
                            service ?? "",
                            span.GetProperty("name").GetString() ?? "",
                            span.TryGetProperty("kind", out var kind) ? Kind(kind) : "",
                            span.GetProperty("traceId").GetString() ?? ""));
                    }
                }
            }

            return;
        }

        foreach (var property in element.EnumerateObject())
        {
            Collect(property.Value, spans);
        }
    }

    private static string? Attribute(JsonElement owner, string key) =>
        owner.TryGetProperty("attributes", out var attributes)
            ? attributes.EnumerateArray()
                .Where(a => a.GetProperty("key").GetString() == key)
                .Select(a => a.GetProperty("value").TryGetProperty("stringValue", out var value) ? value.GetString() : null)
                .FirstOrDefault()
            : null;

    // OTLP JSON gives the kind as its enum number (1 internal .. 5 consumer); some writers give the name.
    private static string Kind(JsonElement kind) => kind.ValueKind == JsonValueKind.Number
        ? kind.GetInt32() switch { 1 => "internal", 2 => "server", 3 => "client", 4 => "producer", 5 => "consumer", _ => "unspecified" }
        : (kind.GetString() ?? "").Replace("SPAN_KIND_", "", StringComparison.Ordinal).ToLowerInvariant();
}
