namespace ServiceQueue.Api.Options;

/// <summary>Browser front-ends allowed to call the Api across origins (<c>Cors:AllowedOrigins</c>).</summary>
internal sealed class FrontEndOptions
{
    public const string SectionName = "Cors";

    public string[] AllowedOrigins { get; set; } = [];
}
