using ServiceQueue.Api.Model;

namespace ServiceQueue.Api.Identity;

/// <summary>Tokens when the credentials were accepted; null tokens otherwise (the reason is audited, never told).</summary>
internal sealed record SignInResult(TokenResponse? Tokens)
{
    public static SignInResult Refused { get; } = new((TokenResponse?)null);

    public bool Succeeded => Tokens is not null;
}
