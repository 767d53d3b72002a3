namespace ServiceQueue.Tests.Infrastructure;

/// <summary>Where a service project's built assembly is, for tests that run a service from its build output as a cluster would.</summary>
internal static class ProjectOutput
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    extension(IProjectMetadata project)
    {
        /// <summary>The service's main assembly, built with this test assembly's configuration.</summary>
        public string AssemblyPath => Path.Combine(
            Path.GetDirectoryName(project.ProjectPath)!, "bin", Configuration, "net10.0",
            Path.GetFileNameWithoutExtension(project.ProjectPath) + ".dll");
    }
}
