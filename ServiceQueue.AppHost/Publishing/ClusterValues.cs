using System.Globalization;

namespace ServiceQueue.AppHost.Publishing;

/// <summary>
/// Aspire's values (strings, parameters, endpoint references, reference expressions, connection strings) as
/// the cluster sees them: an endpoint is its resource's Service name and port; a secret is a key of the
/// Secret, never a value in a manifest.
/// </summary>
internal static class ClusterValues
{
    public static string ConnectionStringKey(IResource resource) => $"connection-string-{resource.Name}";

    /// <summary>Where a variable of this value comes from: a plain value (ConfigMap) or a Secret key.</summary>
    /// <exception cref="NotSupportedException">The value mixes a secret into other text; the Secret has no key for that.</exception>
    public static async Task<EnvironmentSource> SourceAsync(string name, object? value, CancellationToken cancellationToken)
    {
        switch (value)
        {
            case ParameterResource { Secret: true } parameter:
                return EnvironmentSource.Secret(parameter.Name);
            case ConnectionStringReference reference:
                return EnvironmentSource.Secret(ConnectionStringKey(reference.Resource));
            case IResourceWithConnectionString resource:
                return EnvironmentSource.Secret(ConnectionStringKey(resource));
            case ReferenceExpression { Format: "{0}", IsConditional: false, ValueProviders: [var only], StringFormats: [null] }:
                return await SourceAsync(name, only, cancellationToken);
        }

        if (HoldsSecret(value))
        {
            throw new NotSupportedException($"{name}: a secret inside a longer value has no key in the Secret; give the secret a variable of its own.");
        }

        return EnvironmentSource.Plain(await EvaluateAsync(value, static (p, ct) => p.GetValueAsync(ct), cancellationToken));
    }

    /// <summary>Every endpoint the value leads to, through expressions and connection strings.</summary>
    public static IEnumerable<EndpointReference> Endpoints(object? value) => Walk(value).OfType<EndpointReference>();

    /// <summary>The secret parameters the value holds, through expressions and connection strings.</summary>
    public static IEnumerable<ParameterResource> SecretParameters(object? value) => Walk(value).OfType<ParameterResource>().Where(p => p.Secret);

    public static bool HoldsSecret(object? value) => Walk(value).Any(v => v is ParameterResource { Secret: true });

    /// <summary>The value in the cluster, with <paramref name="parameter"/> giving each parameter's.</summary>
    public static async Task<string> EvaluateAsync(
        object? value,
        Func<ParameterResource, CancellationToken, ValueTask<string?>> parameter,
        CancellationToken cancellationToken)
    {
        switch (value)
        {
            case null:
                return string.Empty;
            case string text:
                return text;
            case ParameterResource p:
                return await parameter(p, cancellationToken) ?? string.Empty;
            case ConnectionStringReference reference:
                return await EvaluateAsync(reference.Resource.ConnectionStringExpression, parameter, cancellationToken);
            case IResourceWithConnectionString resource:
                return await EvaluateAsync(resource.ConnectionStringExpression, parameter, cancellationToken);
            case EndpointReference endpoint:
                return Property(endpoint, EndpointProperty.Url);
            case EndpointReferenceExpression expression:
                return Property(expression.Endpoint, expression.Property);
            case ReferenceExpression { IsConditional: true } conditional:
                var condition = await EvaluateAsync(conditional.Condition, parameter, cancellationToken);
                var branch = string.Equals(condition, conditional.MatchValue, StringComparison.OrdinalIgnoreCase) ? conditional.WhenTrue : conditional.WhenFalse;
                return await EvaluateAsync(branch, parameter, cancellationToken);
            case ReferenceExpression expression:
                var values = new string[expression.ValueProviders.Count];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = await EvaluateAsync(expression.ValueProviders[i], parameter, cancellationToken);
                    if (expression.StringFormats[i] is { } format)
                    {
                        values[i] = format == "uri"
                            ? Uri.EscapeDataString(values[i])
                            : throw new NotSupportedException($"Format '{format}' of a reference expression is not known to the Kubernetes publisher.");
                    }
                }

                return string.Format(CultureInfo.InvariantCulture, expression.Format, values);
            default:
                throw new NotSupportedException($"A value of type {value.GetType().Name} has no meaning in the cluster.");
        }
    }

    /// <summary>The Service port of an endpoint: what clients dial.</summary>
    public static int ServicePort(EndpointAnnotation endpoint) =>
        endpoint.Port ?? endpoint.TargetPort ?? throw new InvalidOperationException($"Endpoint '{endpoint.Name}' has no port: a published service needs fixed ports.");

    /// <summary>The container's port of an endpoint: where the process listens.</summary>
    public static int ContainerPort(EndpointAnnotation endpoint) =>
        endpoint.TargetPort ?? endpoint.Port ?? throw new InvalidOperationException($"Endpoint '{endpoint.Name}' has no port: a published service needs fixed ports.");

    public static EndpointAnnotation Annotation(EndpointReference endpoint) =>
        endpoint.Resource.Annotations.OfType<EndpointAnnotation>().SingleOrDefault(e => e.Name == endpoint.EndpointName)
        ?? throw new InvalidOperationException($"{endpoint.Resource.Name} has no endpoint '{endpoint.EndpointName}'.");

    private static string Property(EndpointReference endpoint, EndpointProperty property)
    {
        var annotation = Annotation(endpoint);
        var host = endpoint.Resource.Name;
        var port = ServicePort(annotation).ToString(CultureInfo.InvariantCulture);
        return property switch
        {
            EndpointProperty.Url => $"{annotation.UriScheme}://{host}:{port}",
            EndpointProperty.Host or EndpointProperty.IPV4Host => host,
            EndpointProperty.Port => port,
            EndpointProperty.TargetPort => ContainerPort(annotation).ToString(CultureInfo.InvariantCulture),
            EndpointProperty.Scheme => annotation.UriScheme,
            EndpointProperty.HostAndPort => $"{host}:{port}",
            // In-cluster traffic here is plain TCP; TLS is the Ingress's.
            _ when property.ToString() == "TlsEnabled" => bool.FalseString,
            _ => throw new NotSupportedException($"Endpoint property {property} has no meaning in the cluster."),
        };
    }

    private static IEnumerable<object> Walk(object? value)
    {
        switch (value)
        {
            case null:
                yield break;
            case ConnectionStringReference reference:
                foreach (var inner in Walk(reference.Resource))
                {
                    yield return inner;
                }

                yield break;
            case IResourceWithConnectionString resource:
                yield return resource;
                foreach (var inner in Walk(resource.ConnectionStringExpression))
                {
                    yield return inner;
                }

                yield break;
            case EndpointReferenceExpression expression:
                yield return expression.Endpoint;
                yield break;
            case ReferenceExpression expression:
                IEnumerable<object?> parts = expression.IsConditional
                    ? new object?[] { expression.Condition, expression.WhenTrue, expression.WhenFalse }
                    : expression.ValueProviders;
                foreach (var inner in parts.SelectMany(Walk))
                {
                    yield return inner;
                }

                yield break;
            default:
                yield return value;
                yield break;
        }
    }
}
