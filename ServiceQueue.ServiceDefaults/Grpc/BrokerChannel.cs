namespace ServiceQueue.ServiceDefaults.Grpc;

/// <summary>
/// The gRPC client of the Broker. Each service compiles <c>broker.proto</c> itself (messages only),
/// so calls name the method and the message types: <c>Grpc.UnaryAsync&lt;EnqueueRequest, EnqueueResponse&gt;(...)</c>.
/// </summary>
public sealed class BrokerChannel(GrpcClient grpc)
{
    public const string ServiceName = "servicequeue.broker.v1.QueueBroker";

    public GrpcClient Grpc { get; } = grpc;

    /// <summary>The full path of one of the Broker's methods, e.g. <c>/servicequeue.broker.v1.QueueBroker/Enqueue</c>.</summary>
    public static string Method(string name) => $"/{ServiceName}/{name}";
}
