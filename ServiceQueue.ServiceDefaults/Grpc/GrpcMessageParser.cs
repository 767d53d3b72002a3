using Google.Protobuf;

namespace ServiceQueue.ServiceDefaults.Grpc;

/// <summary>One cached protobuf parser per message type, built from its parameterless constructor.</summary>
internal static class GrpcMessageParser<T>
    where T : class, IMessage<T>, new()
{
    public static readonly MessageParser<T> Parser = new(static () => new T());
}
