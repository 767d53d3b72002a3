using System.IO.Compression;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using ServiceQueue.AppHost.Telemetry.Otlp.Collector.Logs;
using ServiceQueue.AppHost.Telemetry.Otlp.Collector.Metrics;
using ServiceQueue.AppHost.Telemetry.Otlp.Collector.Trace;

namespace ServiceQueue.AppHost.Telemetry;

/// <summary>
/// OTLP/HTTP with binary protobuf: <c>POST /v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c>. Each answers
/// the matching Export*ServiceResponse; JSON-encoded OTLP is not supported (415).
/// </summary>
internal static class OtlpReceiverApi
{
    public const string ProtobufContentType = "application/x-protobuf";

    public static IEndpointRouteBuilder MapOtlpReceiver(this IEndpointRouteBuilder app, int port)
    {
        var otlp = app.MapGroup("/v1").RequireHost($"*:{port}");
        otlp.MapPost("/traces", (HttpRequest request, TelemetryStore store, CancellationToken cancellationToken) =>
            ReceiveAsync(request, store, ExportTraceServiceRequest.Parser, store.Add, new ExportTraceServiceResponse(), cancellationToken));
        otlp.MapPost("/metrics", (HttpRequest request, TelemetryStore store, CancellationToken cancellationToken) =>
            ReceiveAsync(request, store, ExportMetricsServiceRequest.Parser, store.Add, new ExportMetricsServiceResponse(), cancellationToken));
        otlp.MapPost("/logs", (HttpRequest request, TelemetryStore store, CancellationToken cancellationToken) =>
            ReceiveAsync(request, store, ExportLogsServiceRequest.Parser, store.Add, new ExportLogsServiceResponse(), cancellationToken));
        return app;
    }

    private static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, BadRequest<string>>> ReceiveAsync<TRequest>(
        HttpRequest request,
        TelemetryStore store,
        MessageParser<TRequest> parser,
        Action<TRequest> add,
        IMessage response,
        CancellationToken cancellationToken)
        where TRequest : IMessage<TRequest>
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals(ProtobufContentType, StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        if (request.ContentLength > store.Limits.MaxRequestBytes)
        {
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        TRequest message;
        try
        {
            var body = await ReadBodyAsync(request, store.Limits.MaxRequestBytes, cancellationToken);
            if (body is null)
            {
                return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
            }

            message = parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException)
        {
            return TypedResults.BadRequest("The body is not a valid OTLP protobuf message.");
        }
        catch (InvalidDataException)
        {
            return TypedResults.BadRequest("The body is not valid gzip.");
        }

        add(message);
        return TypedResults.Bytes(response.ToByteArray(), ProtobufContentType);
    }

    /// <summary>The (possibly gzipped) body, or null when it is larger than <paramref name="limit"/> once inflated.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var gzip = string.Equals(request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase);
        await using var inflated = gzip ? new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true) : null;
        var source = inflated ?? request.Body;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
