using Microsoft.Extensions.Configuration;

namespace ServiceQueue.AppHost.Hosting;

/// <summary>Declares the application's resources, as Aspire's builder of the same name does.</summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<IResource> _resources = [];
    private readonly string[] _args;

    internal DistributedApplicationBuilder(string[] args, DistributedApplicationOptions? options)
    {
        _args = args;
        Configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        Options = options ?? Testing.TestingHook.Current.Value?.Options ?? new DistributedApplicationOptions
        {
            StateDirectory = Configuration["AppHost:StateDirectory"] ?? DefaultStateDirectory(),
            IsolatePorts = Configuration.GetValue("AppHost:IsolatePorts", false),
            Dashboard = new Dashboard.DashboardOptions
            {
                Enabled = Configuration.GetValue("AppHost:Dashboard:Enabled", true),
                Port = Configuration.GetValue("AppHost:Dashboard:Port", Dashboard.DashboardOptions.DefaultPort),
                OtlpPort = Configuration.GetValue("AppHost:Dashboard:OtlpPort", Dashboard.DashboardOptions.DefaultOtlpPort),
            },
        };
    }

    public IConfiguration Configuration { get; }

    public DistributedApplicationOptions Options { get; }

    public IReadOnlyList<IResource> Resources => _resources;

    public IResourceBuilder<T> AddResource<T>(T resource)
        where T : IResource
    {
        if (_resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' is already declared.");
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(this, resource);
    }

    public DistributedApplication Build() => new(Options, _resources, _args);

    /// <summary><c>.servicequeue/</c> beside the solution: kept across runs, ignored by git.</summary>
    private static string DefaultStateDirectory()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ServiceQueue.sln")))
            {
                return Path.Combine(folder.FullName, ".servicequeue");
            }
        }

        return Path.Combine(Environment.CurrentDirectory, ".servicequeue");
    }
}
