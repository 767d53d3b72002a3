using System.ComponentModel.DataAnnotations;

namespace ServiceQueue.ServiceDefaults.Grpc;

/// <summary>Limits of the gRPC server, bound from the <c>GrpcServer</c> configuration section.</summary>
public sealed class GrpcServerOptions
{
    public const string SectionName = "GrpcServer";

    /// <summary>The largest request message accepted; a larger one answers RESOURCE_EXHAUSTED. Default 4 MiB.</summary>
    [Range(1, int.MaxValue)]
    public int MaxReceiveMessageSize { get; set; } = GrpcProtocol.DefaultMaxReceiveMessageSize;
}
