namespace ServiceQueue.AppHost.Hosting;

/// <summary>A resource being declared, with the builder it belongs to (for fluent extension methods).</summary>
public interface IResourceBuilder<out T>
    where T : IResource
{
    DistributedApplicationBuilder ApplicationBuilder { get; }

    T Resource { get; }
}
