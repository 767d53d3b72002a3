using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Google.Protobuf;

namespace ServiceQueue.ServiceDefaults.Grpc;

/// <summary>Length-prefixed messages: a compressed flag, a 4-byte big-endian length, the protobuf bytes.</summary>
internal static class GrpcFrame
{
    public static void Write(IBufferWriter<byte> output, IMessage message)
    {
        var size = message.CalculateSize();
        var header = output.GetSpan(GrpcProtocol.FrameHeaderSize);
        header[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)size);
        output.Advance(GrpcProtocol.FrameHeaderSize);
        if (size > 0)
        {
            message.WriteTo(output);
        }
    }

    public static byte[] ToArray(IMessage message)
    {
        var size = message.CalculateSize();
        var frame = new byte[GrpcProtocol.FrameHeaderSize + size];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)size);
        message.WriteTo(frame.AsSpan(GrpcProtocol.FrameHeaderSize));
        return frame;
    }

    /// <summary>
    /// Reads the next message, or null when the stream ends cleanly between messages.
    /// Throws <see cref="RpcException"/> for a protocol violation.
    /// </summary>
    public static async ValueTask<T?> ReadAsync<T>(PipeReader reader, int maxMessageSize, CancellationToken cancellationToken)
        where T : class, IMessage<T>, new()
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (TryReadFrame(ref buffer, maxMessageSize, out var payload))
            {
                try
                {
                    return GrpcMessageParser<T>.Parser.ParseFrom(payload);
                }
                catch (InvalidProtocolBufferException ex)
                {
                    throw new RpcException(StatusCode.Internal, "Failed to parse a protobuf message.", innerException: ex);
                }
                finally
                {
                    reader.AdvanceTo(buffer.Start);
                }
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                var remaining = buffer.Length;
                reader.AdvanceTo(buffer.End);
                if (remaining == 0 && result.IsCompleted)
                {
                    return null;
                }

                throw result.IsCanceled
                    ? new OperationCanceledException(cancellationToken)
                    : new RpcException(StatusCode.Internal, "The stream ended inside a message.");
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxMessageSize, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        if (buffer.Length < GrpcProtocol.FrameHeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[GrpcProtocol.FrameHeaderSize];
        buffer.Slice(0, GrpcProtocol.FrameHeaderSize).CopyTo(header);
        switch (header[0])
        {
            case 0:
                break;
            case 1:
                // Only identity encoding is negotiated, so a compressed message is a protocol error.
                throw new RpcException(StatusCode.Internal, "Received a compressed message, but no compression was negotiated.");
            default:
                throw new RpcException(StatusCode.Internal, "Invalid compressed flag in a message header.");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > (uint)maxMessageSize)
        {
            throw new RpcException(StatusCode.ResourceExhausted, $"Received message larger than max ({length} vs. {maxMessageSize}).");
        }

        if (buffer.Length < GrpcProtocol.FrameHeaderSize + length)
        {
            return false;
        }

        payload = buffer.Slice(GrpcProtocol.FrameHeaderSize, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }
}
