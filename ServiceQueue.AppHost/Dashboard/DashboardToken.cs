using System.Security.Cryptography;
using System.Text;

namespace ServiceQueue.AppHost.Dashboard;

/// <summary>The random secret of one AppHost run: the login link carries it, the session cookie holds it.</summary>
internal sealed class DashboardToken
{
    public const string CookieName = "servicequeue-dashboard";

    private readonly byte[] _bytes;

    public DashboardToken()
    {
        Value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _bytes = Encoding.ASCII.GetBytes(Value);
    }

    public string Value { get; }

    public bool Matches(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), _bytes);
}
