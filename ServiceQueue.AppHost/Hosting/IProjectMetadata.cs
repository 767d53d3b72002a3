namespace ServiceQueue.AppHost.Hosting;

/// <summary>Where a service project and its built assembly are; generated per project at build.</summary>
public interface IProjectMetadata
{
    string ProjectPath { get; }

    string AssemblyPath { get; }
}
