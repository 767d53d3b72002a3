namespace ServiceQueue.AppHost.Hosting;

/// <summary>Something the app model runs or provides: a server, a database, a service, a setting.</summary>
public interface IResource
{
    string Name { get; }
}
