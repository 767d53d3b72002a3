using System.ComponentModel.DataAnnotations;

namespace ServiceQueue.Api.Storage;

/// <summary>How long a replica waits for another one's migrations (<c>Storage:Migrations</c>).</summary>
internal sealed class MigrationOptions
{
    public const string SectionName = "Storage:Migrations";

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
