using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace ServiceQueue.ServiceDefaults.Grpc;

/// <summary>
/// One call on the wire: sends the request, then yields response messages and, at the end, turns the
/// status (trailers, Trailers-Only headers or the HTTP status) into success or <see cref="RpcException"/>.
/// </summary>
internal sealed class GrpcClientCall<TResponse> : IDisposable
    where TResponse : class, IMessage<TResponse>, new()
{
    private readonly HttpClient _httpClient;
    private readonly HttpRequestMessage _request;
    private readonly int _maxReceiveMessageSize;
    private readonly CancellationToken _callerToken;
    private readonly CancellationTokenSource? _deadlineSource;
    private readonly CancellationTokenSource _callSource;
    private HttpResponseMessage? _response;
    private PipeReader? _reader;
    private bool _ended;

    public GrpcClientCall(HttpClient httpClient, HttpRequestMessage request, int maxReceiveMessageSize, DateTime? deadline, CancellationToken callerToken)
    {
        _httpClient = httpClient;
        _request = request;
        _maxReceiveMessageSize = maxReceiveMessageSize;
        _callerToken = callerToken;
        if (deadline is { } value)
        {
            var remaining = value - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                request.Dispose();
                throw new RpcException(StatusCode.DeadlineExceeded, "Deadline Exceeded");
            }

            if (remaining <= GrpcTimeout.MaxTimer)
            {
                request.Headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(remaining));
                _deadlineSource = new CancellationTokenSource(remaining);
            }
        }

        _callSource = _deadlineSource is null
            ? CancellationTokenSource.CreateLinkedTokenSource(callerToken)
            : CancellationTokenSource.CreateLinkedTokenSource(callerToken, _deadlineSource.Token);
    }

    public TResponse? Current { get; private set; }

    public async Task StartAsync()
    {
        try
        {
            _response = await _httpClient.SendAsync(_request, HttpCompletionOption.ResponseHeadersRead, _callSource.Token);
            if (ReadStatus(_response.Headers) is { } trailersOnly)
            {
                _ended = true;
                ThrowIfNotOk(trailersOnly, _response.Headers);
                return;
            }

            if (_response.StatusCode != HttpStatusCode.OK)
            {
                var code = (int)_response.StatusCode;
                throw new RpcException(GrpcProtocol.FromHttpStatus(code), $"Bad gRPC response. HTTP status code: {code}.");
            }

            var contentType = _response.Content.Headers.ContentType?.MediaType;
            if (!GrpcProtocol.IsGrpcContentType(contentType))
            {
                throw new RpcException(StatusCode.Internal, $"Bad gRPC response. Invalid content-type value: {contentType}.");
            }

            if (_response.Headers.TryGetValues(GrpcProtocol.EncodingHeader, out var encodings)
                && !GrpcProtocol.IsIdentityEncoding(string.Join(',', encodings)))
            {
                throw new RpcException(StatusCode.Internal, "The server compressed the response, but no compression was requested.");
            }

            _reader = PipeReader.Create(await _response.Content.ReadAsStreamAsync(_callSource.Token));
        }
        catch (Exception ex) when (ex is not RpcException || _callSource.IsCancellationRequested)
        {
            throw Translate(ex);
        }
    }

    /// <summary>Reads the next message; at the end of the stream, checks the status and returns false.</summary>
    public async Task<bool> MoveNextAsync()
    {
        if (_ended)
        {
            return false;
        }

        try
        {
            // A pipe may hand out already-buffered messages without looking at the token.
            _callSource.Token.ThrowIfCancellationRequested();
            Current = await GrpcFrame.ReadAsync<TResponse>(_reader!, _maxReceiveMessageSize, _callSource.Token);
            if (Current is not null)
            {
                return true;
            }

            _ended = true;
            var status = ReadStatus(_response!.TrailingHeaders)
                ?? throw new RpcException(StatusCode.Internal, "The response ended without a grpc-status.");
            ThrowIfNotOk(status, _response.TrailingHeaders);
            return false;
        }
        catch (Exception ex) when (ex is not RpcException || _callSource.IsCancellationRequested)
        {
            throw Translate(ex);
        }
    }

    public void Dispose()
    {
        // Disposing an unfinished HTTP/2 response resets the stream, which cancels the call on the server.
        _reader?.Complete();
        _response?.Dispose();
        _request.Dispose();
        _callSource.Dispose();
        _deadlineSource?.Dispose();
    }

    private static (StatusCode Code, string Detail)? ReadStatus(HttpHeaders headers)
    {
        if (!headers.TryGetValues(GrpcProtocol.StatusHeader, out var values))
        {
            return null;
        }

        var text = values.FirstOrDefault();
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code))
        {
            return (StatusCode.Unknown, $"Invalid grpc-status value '{text}'.");
        }

        var detail = headers.TryGetValues(GrpcProtocol.MessageHeader, out var messages)
            ? GrpcStatusMessage.Decode(messages.FirstOrDefault() ?? string.Empty)
            : string.Empty;
        return ((StatusCode)code, detail);
    }

    private static void ThrowIfNotOk((StatusCode Code, string Detail) status, HttpHeaders headers)
    {
        if (status.Code == StatusCode.OK)
        {
            return;
        }

        var trailers = new GrpcMetadata();
        foreach (var (name, values) in headers)
        {
            if (GrpcProtocol.IsReservedHeader(name))
            {
                continue;
            }

            foreach (var value in values)
            {
                trailers.AddFromHeader(name, value);
            }
        }

        throw new RpcException(status.Code, status.Detail, trailers);
    }

    private Exception Translate(Exception exception)
    {
        if (_callerToken.IsCancellationRequested)
        {
            return new OperationCanceledException("The gRPC call was cancelled by the caller.", exception, _callerToken);
        }

        if (_deadlineSource?.IsCancellationRequested == true)
        {
            return new RpcException(StatusCode.DeadlineExceeded, "Deadline Exceeded", innerException: exception);
        }

        return exception switch
        {
            RpcException => exception,
            OperationCanceledException => new RpcException(StatusCode.Cancelled, "The call was cancelled.", innerException: exception),
            HttpRequestException or IOException => new RpcException(StatusCode.Unavailable, $"Error talking to the server: {exception.Message}", innerException: exception),
            _ => exception,
        };
    }
}
