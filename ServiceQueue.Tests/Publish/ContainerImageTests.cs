using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Publish;

/// <summary>The images the manifests run are the ones <c>dotnet publish -t:PublishContainer</c> builds, as the SDK computes them.</summary>
public sealed class ContainerImageTests(PublishedManifests published) : IClassFixture<PublishedManifests>
{
    [Theory]
    [InlineData("api", "ServiceQueue.Api")]
    [InlineData("broker", "ServiceQueue.Broker")]
    [InlineData("consumer", "ServiceQueue.Consumer")]
    [InlineData("realtime", "ServiceQueue.Realtime")]
    public async Task The_deployment_runs_the_image_the_SDK_builds_as_a_non_root_user(string service, string project)
    {
        var result = (await Tool.RunAsync("dotnet",
        [
            "msbuild", RepositoryRoot.Combine(project, $"{project}.csproj"), "-t:ComputeContainerConfig",
            "-getProperty:ContainerRepository", "-getProperty:ContainerImageTag", "-getProperty:ContainerUser",
        ])).EnsureSuccess($"dotnet msbuild {project}");
        var properties = System.Text.Json.JsonDocument.Parse(result.Output).RootElement.GetProperty("Properties");

        var deployment = published.Objects["base"].Single(o => o.Kind == "Deployment" && o.Name == service);
        var container = deployment.Containers.Single();
        Assert.Equal($"{properties.GetProperty("ContainerRepository").GetString()}:{properties.GetProperty("ContainerImageTag").GetString()}", container["image"]);
        Assert.Equal(properties.GetProperty("ContainerUser").GetString(), KubeObject.Map(deployment.PodSpec["securityContext"])["runAsUser"]);
    }
}
