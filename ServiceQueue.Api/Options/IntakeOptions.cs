using System.ComponentModel.DataAnnotations;

namespace ServiceQueue.Api.Options;

/// <summary>Intake and Broker synchronisation settings (<c>Intake</c>).</summary>
internal sealed class IntakeOptions
{
    public const string SectionName = "Intake";

    /// <summary>How long a POST /service-requests waits for RabbitMQ's confirm before answering 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the queue definitions in MySQL are compared with the Broker's and pushed where they differ.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest wait between two attempts while the Broker or RabbitMQ does not answer.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);
}
