using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Collections;
using ServiceQueue.AppHost.Telemetry.Otlp.Common;
using ServiceQueue.AppHost.Telemetry.Otlp.Resource;

namespace ServiceQueue.AppHost.Telemetry;

/// <summary>Turns OTLP attribute values into the text the dashboard shows.</summary>
internal static class OtlpAttributes
{
    public const string UnknownService = "unknown_service";

    public static string ServiceName(Resource? resource) =>
        resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value is { } value ? Text(value) : UnknownService;

    public static IReadOnlyDictionary<string, string> ToDictionary(RepeatedField<KeyValue> attributes)
    {
        if (attributes.Count == 0)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        var result = new Dictionary<string, string>(attributes.Count, StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            result[attribute.Key] = attribute.Value is null ? string.Empty : Text(attribute.Value);
        }

        return result;
    }

    public static string Text(AnyValue value) => value.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Select(Text)) + "]",
        AnyValue.ValueOneofCase.KvlistValue => "{" + string.Join(", ", value.KvlistValue.Values.Select(kv => $"{kv.Key}: {(kv.Value is null ? string.Empty : Text(kv.Value))}")) + "}",
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        _ => string.Empty,
    };

    /// <summary>Lowercase hex, or null for the empty id OTLP uses for "none" (a root span's parent, a log outside any span).</summary>
    public static string? Id(ByteString id) => id.IsEmpty || id.Span.IndexOfAnyExcept((byte)0) < 0 ? null : Convert.ToHexStringLower(id.Span);

    public static DateTimeOffset Time(ulong unixNano) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)(unixNano / 100));
}
