using System.Xml.Linq;

namespace ServiceQueue.AppHost.Publishing;

/// <summary>
/// The image a service project publishes with <c>dotnet publish -t:PublishContainer</c>, read from the
/// project's own <c>ContainerRepository</c> and <c>ContainerImageTag</c>, so manifests and images agree.
/// </summary>
internal static class ContainerImage
{
    /// <summary>The user the .NET base images define as <c>app</c>; the projects run as it.</summary>
    public const int UserId = 1654;

    public static string For(ProjectResource project, string? registry)
    {
        var path = project.GetProjectMetadata().ProjectPath;
        var document = XDocument.Load(path);
        string Property(string name) =>
            document.Descendants(name).Select(e => e.Value.Trim()).FirstOrDefault(v => v.Length > 0)
            ?? throw new InvalidOperationException($"{Path.GetFileName(path)} sets no <{name}>: the image of '{project.Name}' has no name to publish.");

        var image = $"{Property("ContainerRepository")}:{Property("ContainerImageTag")}";
        return registry is null ? image : $"{registry}/{image}";
    }
}
