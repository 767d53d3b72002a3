namespace ServiceQueue.AppHost.Hosting;

/// <summary>A resource others reach through <c>ConnectionStrings__{Name}</c>.</summary>
public interface IResourceWithConnectionString : IResource
{
    /// <summary>The connection string once the resource runs; null before.</summary>
    string? ConnectionString { get; }
}
