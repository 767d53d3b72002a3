namespace ServiceQueue.Tests.Infrastructure;

/// <summary>Where a project's built assembly is, for tests that run a service or the AppHost from its build output as a developer or a cluster would.</summary>
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
        public string AssemblyPath => AssemblyOf(project.ProjectPath);
    }

    /// <summary>The main assembly of the project at <paramref name="projectPath"/> (its file or its folder).</summary>
    public static string AssemblyOf(string projectPath)
    {
        var folder = projectPath.EndsWith(".csproj", StringComparison.Ordinal) ? Path.GetDirectoryName(projectPath)! : projectPath;
        return Path.Combine(folder, "bin", Configuration, "net10.0", Path.GetFileName(folder) + ".dll");
    }
}
