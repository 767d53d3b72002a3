using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ServiceQueue.ServiceDefaults.Grpc;

/// <summary>Request checks and status writing shared by every server endpoint.</summary>
internal static class GrpcServerResponse
{
    /// <summary>
    /// Answers a request that is not gRPC at all (wrong content type: 415; HTTP/1.x: 426) and returns false;
    /// otherwise prepares the response headers and returns true.
    /// </summary>
    public static bool TryAccept(HttpContext httpContext)
    {
        var request = httpContext.Request;
        var response = httpContext.Response;
        if (!GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            SetStatusHeaders(response.Headers, StatusCode.Internal, $"Content-Type '{request.ContentType}' is not supported; use '{GrpcProtocol.ContentType}'.");
            return false;
        }

        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            // gRPC needs HTTP/2 trailers; over HTTP/1.x say so plainly instead of half-working.
            response.StatusCode = StatusCodes.Status426UpgradeRequired;
            response.Headers.Upgrade = "HTTP/2";
            SetStatusHeaders(response.Headers, StatusCode.Internal, $"Request protocol '{request.Protocol}' is not supported; gRPC needs HTTP/2.");
            return false;
        }

        response.ContentType = GrpcProtocol.ContentType;
        return true;
    }

    /// <summary>
    /// Ends the call with a status: in trailers after messages, or as Trailers-Only (in the headers,
    /// with no body) when nothing was sent yet.
    /// </summary>
    public static void WriteStatus(HttpContext httpContext, bool responseStarted, StatusCode status, string? detail, GrpcMetadata? metadata)
    {
        var response = httpContext.Response;
        IHeaderDictionary target;
        if (responseStarted || response.HasStarted)
        {
            target = httpContext.Features.Get<IHttpResponseTrailersFeature>()?.Trailers
                ?? throw new InvalidOperationException("The server does not support response trailers; gRPC needs HTTP/2.");
        }
        else
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = GrpcProtocol.ContentType;
            target = response.Headers;
        }

        if (metadata is not null)
        {
            foreach (var entry in metadata)
            {
                target.Append(entry.Key, entry.HeaderValue);
            }
        }

        SetStatusHeaders(target, status, detail);
    }

    private static void SetStatusHeaders(IHeaderDictionary headers, StatusCode status, string? detail)
    {
        headers[GrpcProtocol.StatusHeader] = ((int)status).ToString(CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(detail))
        {
            headers[GrpcProtocol.MessageHeader] = GrpcStatusMessage.Encode(detail);
        }
    }
}
