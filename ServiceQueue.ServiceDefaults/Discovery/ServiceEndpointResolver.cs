using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using ServiceQueue.ServiceDefaults.Configuration;

namespace ServiceQueue.ServiceDefaults.Discovery;

/// <summary>
/// Finds a service's address in configuration the way Aspire injects it: <c>services:{service}:{endpoint}:0</c>
/// (environment form <c>services__broker__grpc__0</c>). Reads configuration on every call, so a reload
/// is picked up at once.
/// </summary>
public sealed class ServiceEndpointResolver(IConfiguration configuration)
{
    /// <summary>The address of <paramref name="serviceName"/>'s endpoint, or <see cref="MissingSettingException"/>.</summary>
    public Uri Resolve(string serviceName, string endpointName) =>
        TryResolve(serviceName, endpointName, out var address)
            ? address
            : throw new MissingSettingException(Key(serviceName, endpointName), $"address of the {serviceName} service's {endpointName} endpoint");

    public bool TryResolve(string serviceName, string endpointName, [NotNullWhen(true)] out Uri? address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        ArgumentException.ThrowIfNullOrWhiteSpace(endpointName);
        var key = Key(serviceName, endpointName);
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            address = null;
            return false;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out address) || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidSettingException(key, $"an http:// or https:// address of the {serviceName} service");
        }

        return true;
    }

    /// <summary>
    /// Rewrites a URI whose host is a logical service name (<c>http://broker</c>, <c>http://_grpc.broker</c>,
    /// <c>https+http://api</c>) to the configured address, keeping path and query. Other URIs are returned as they are.
    /// </summary>
    public Uri ResolveUri(Uri uri) => TryResolveUri(uri, out var resolved) ? resolved : uri;

    public bool TryResolveUri(Uri uri, [NotNullWhen(true)] out Uri? resolved)
    {
        ArgumentNullException.ThrowIfNull(uri);
        resolved = null;
        if (!uri.IsAbsoluteUri || uri.HostNameType is not (UriHostNameType.Dns or UriHostNameType.Basic))
        {
            return false;
        }

        var host = uri.IdnHost;
        string[] endpointNames;
        var serviceName = host;
        // "_grpc.broker": the endpoint is named in the host itself (DNS SRV style, as Aspire spells it).
        if (host.StartsWith('_') && host.IndexOf('.', StringComparison.Ordinal) is var dot && dot > 1)
        {
            endpointNames = [host[1..dot]];
            serviceName = host[(dot + 1)..];
        }
        else
        {
            endpointNames = EndpointNamesFor(uri.Scheme);
        }

        foreach (var endpointName in endpointNames)
        {
            if (TryResolve(serviceName, endpointName, out var address))
            {
                resolved = new UriBuilder(uri) { Scheme = address.Scheme, Host = address.Host, Port = address.Port }.Uri;
                return true;
            }
        }

        return false;
    }

    // "https+http" means: https if the service has it, else http. Plain "https" never falls back to http.
    private static string[] EndpointNamesFor(string scheme) => scheme switch
    {
        "http" => ["http", "https"],
        "https" => ["https"],
        _ => scheme.Split('+', StringSplitOptions.RemoveEmptyEntries),
    };

    private static string Key(string serviceName, string endpointName) => $"services:{serviceName}:{endpointName}:0";
}
