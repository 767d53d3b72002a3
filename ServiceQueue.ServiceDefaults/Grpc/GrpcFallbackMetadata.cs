namespace ServiceQueue.ServiceDefaults.Grpc;

/// <summary>Marks the low-order route that answers UNIMPLEMENTED for unknown gRPC paths.</summary>
internal sealed class GrpcFallbackMetadata
{
    public static readonly GrpcFallbackMetadata Instance = new();

    private GrpcFallbackMetadata()
    {
    }
}
