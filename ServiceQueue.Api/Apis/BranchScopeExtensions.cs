namespace ServiceQueue.Api.Apis;

internal static class BranchScopeExtensions
{
    /// <summary>The route needs at least <paramref name="leastRole"/> in the branch it acts in.</summary>
    public static TBuilder RequireBranchRole<TBuilder>(this TBuilder builder, string leastRole)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BranchRoleMetadata(leastRole));
}
