namespace ServiceQueue.AppHost.Hosting.Orchestration;

/// <summary>The supervisors of an application's servers and services, in start order.</summary>
internal sealed class ResourceSupervisors
{
    private readonly List<ResourceSupervisor> _all = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<ResourceSupervisor> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _all];
            }
        }
    }

    public void Add(ResourceSupervisor supervisor)
    {
        lock (_gate)
        {
            _all.Add(supervisor);
        }
    }

    public ResourceSupervisor? Find(string name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<ResourceSnapshot> Snapshots() => [.. All.Select(s => s.Snapshot())];
}
