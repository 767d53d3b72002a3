using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Net.Client.Configuration;

namespace ServiceQueue.ServiceDefaults.BrokerClient;

/// <summary>
/// gRPC's own retry policy for the Broker: UNAVAILABLE is retried with exponential backoff, within the
/// call's deadline, only for the unary methods <c>broker.proto</c> marks <c>idempotency_level</c>
/// IDEMPOTENT or NO_SIDE_EFFECTS, so a command that moves a ticket never runs twice.
/// </summary>
internal static class BrokerRetryPolicy
{
    public static ServiceConfig For(ServiceDescriptor contract)
    {
        var retried = new MethodConfig
        {
            RetryPolicy = new RetryPolicy
            {
                MaxAttempts = 4,
                InitialBackoff = TimeSpan.FromMilliseconds(100),
                MaxBackoff = TimeSpan.FromSeconds(2),
                BackoffMultiplier = 2,
                RetryableStatusCodes = { StatusCode.Unavailable },
            },
        };
        foreach (var method in contract.Methods.Where(IsRetriable))
        {
            retried.Names.Add(new MethodName { Service = contract.FullName, Method = method.Name });
        }

        var config = new ServiceConfig();
        if (retried.Names.Count > 0)
        {
            config.MethodConfigs.Add(retried);
        }

        return config;
    }

    public static bool IsRetriable(MethodDescriptor method) =>
        !method.IsClientStreaming && !method.IsServerStreaming &&
        method.GetOptions()?.IdempotencyLevel is MethodOptions.Types.IdempotencyLevel.Idempotent or MethodOptions.Types.IdempotencyLevel.NoSideEffects;
}
