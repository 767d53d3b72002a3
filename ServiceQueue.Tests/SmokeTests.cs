namespace ServiceQueue.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Service_project_metadata_points_at_built_assemblies()
    {
        var broker = new Projects.ServiceQueue_Broker();
        Assert.EndsWith("ServiceQueue.Broker.dll", broker.AssemblyPath, StringComparison.Ordinal);
    }
}
