namespace ServiceQueue.AppHost.Hosting;

/// <summary>A resource that can be started, and waited for until it is ready.</summary>
public interface IResourceWithWaitSupport : IResource
{
    /// <summary>Completes when the resource is ready for those that wait for it (a server provisioned, a service healthy).</summary>
    Task WhenReady { get; }
}
