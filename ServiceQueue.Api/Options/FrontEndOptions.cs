namespace ServiceQueue.Api.Options;

/// <summary>Browser front-ends allowed to call the Api across origins (<c>Cors:AllowedOrigins</c>).</summary>
internal sealed class FrontEndOptions
{
    public const string SectionName = "Cors";

    public string[] AllowedOrigins { get; set; } = [];

    public static bool AreOrigins(FrontEndOptions options) =>
        options.AllowedOrigins.All(origin =>
            Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.AbsolutePath == "/" && !origin.EndsWith('/'));
}
