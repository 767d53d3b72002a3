using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace ServiceQueue.ServiceDefaults.Intake;

/// <summary>
/// The intake's one RabbitMQ connection, the <see cref="IConnection"/> Aspire's integration registers. It
/// connects when first resolved and keeps no failed attempt, so resolving again is how a service that
/// started while RabbitMQ was down keeps trying; once open, the client's automatic recovery keeps it.
/// </summary>
public static class IntakeConnection
{
    /// <summary>The connection name: <c>ConnectionStrings__rabbitmq</c>, and the readiness check's name.</summary>
    public const string Name = "rabbitmq";

    /// <summary>The connection, opening it if it never was. The caller's token bounds its wait, not the attempt.</summary>
    public static Task<IConnection> GetAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        // The integration connects synchronously inside resolution: off the caller's thread, so a wait can be abandoned.
        return Task.Run(services.GetRequiredService<IConnection>, cancellationToken).WaitAsync(cancellationToken);
    }
}
