using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using ServiceQueue.ServiceDefaults.Grpc;

namespace ServiceQueue.Tests.Grpc;

/// <summary>Hand-made gRPC requests, for checking what the server does with malformed or unusual ones.</summary>
internal static class RawGrpc
{
    public static HttpRequestMessage Request(string path, IMessage message, bool compressedFlag = false) =>
        Request(path, Frame(message, compressedFlag));

    public static HttpRequestMessage Request(string path, byte[] body, string contentType = "application/grpc", Version? version = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = version ?? HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("te", "trailers");
        return request;
    }

    public static byte[] Frame(IMessage message, bool compressedFlag = false)
    {
        var bytes = message.ToByteArray();
        var frame = new byte[5 + bytes.Length];
        frame[0] = compressedFlag ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)bytes.Length);
        bytes.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>Reads the body to the end, then the status from the trailers or (Trailers-Only) the headers.</summary>
    public static async Task<(StatusCode? Status, byte[] Body)> ReadStatusAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        var status = Find(response.TrailingHeaders) ?? Find(response.Headers);
        return (status is null ? null : (StatusCode)int.Parse(status, CultureInfo.InvariantCulture), body);
    }

    private static string? Find(HttpHeaders headers) =>
        headers.TryGetValues("grpc-status", out var values) ? values.First() : null;
}
