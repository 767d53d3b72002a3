using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;

namespace ServiceQueue.ServiceDefaults.Grpc;

/// <summary>
/// Lets the unknown-path route match only gRPC requests (POST with a gRPC content type) and requests to
/// a mapped method's path (which it answers 405 or 415), so any other request still reaches the
/// application's own routes and fallbacks, or a plain 404.
/// </summary>
internal sealed class GrpcFallbackMatcherPolicy(GrpcServiceRegistry registry) : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints)
    {
        foreach (var endpoint in endpoints)
        {
            if (endpoint.Metadata.GetMetadata<GrpcFallbackMetadata>() is not null)
            {
                return true;
            }
        }

        return false;
    }

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var request = httpContext.Request;
        if ((HttpMethods.IsPost(request.Method) && GrpcProtocol.IsGrpcContentType(request.ContentType))
            || registry.IsMethodPath(request.Path.Value ?? string.Empty))
        {
            return Task.CompletedTask;
        }

        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates[i].Endpoint.Metadata.GetMetadata<GrpcFallbackMetadata>() is not null)
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }
}
