namespace ServiceQueue.Api.Options;

/// <summary>The first Admin (<c>Bootstrap</c>), created only while the users table is empty.</summary>
internal sealed class BootstrapOptions
{
    public const string SectionName = "Bootstrap";

    public string? AdminUserName { get; set; }

    public string? AdminPassword { get; set; }
}
