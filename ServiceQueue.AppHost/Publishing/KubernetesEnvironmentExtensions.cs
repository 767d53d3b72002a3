using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceQueue.AppHost.Publishing;

#pragma warning disable ASPIREPIPELINES001, ASPIREPIPELINES004 // Aspire's publish pipeline is marked for evaluation; it is the AppHost's publish entry.

public static class KubernetesEnvironmentExtensions
{
    /// <summary>
    /// Publishes the application to Kubernetes: <c>dotnet run --project ServiceQueue.AppHost -- --operation publish
    /// --step publish-{name} --output-path DIR</c> writes the manifests from Aspire's application model, with the
    /// options of the <c>Kubernetes</c> configuration section. Run, it adds nothing.
    /// </summary>
    public static IResourceBuilder<KubernetesEnvironmentResource> AddKubernetesEnvironment(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var resource = new KubernetesEnvironmentResource(name);
        if (builder.ExecutionContext.IsRunMode)
        {
            // Not added to the model: nothing for the dashboard to show.
            return builder.CreateResourceBuilder(resource);
        }

        return builder.AddResource(resource)
            .WithAnnotation(new PipelineStepAnnotation(_ => new PipelineStep
            {
                Name = resource.StepName,
                Description = "Writes the Kubernetes manifests (kustomize base and overlays) of the application model.",
                Action = context => PublishAsync(resource, context),
                RequiredBySteps = [WellKnownPipelineSteps.Publish],
            }))
            .ExcludeFromManifest();
    }

    private static async Task PublishAsync(KubernetesEnvironmentResource environment, PipelineStepContext context)
    {
        try
        {
            var output = context.Services.GetRequiredService<IPipelineOutputService>().GetOutputDirectory();
            var options = PublishOptions.From(context.Services.GetRequiredService<IConfiguration>(), output);
            var model = await ClusterModel.BuildAsync(context.Model, context.ExecutionContext, options, context.CancellationToken);
            await new KubernetesPublisher(model).PublishAsync(Console.Out, context.CancellationToken);
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException or NotSupportedException)
        {
            // Aspire logs the failed step but the AppHost still exits 0: scripts and CI need the exit code.
            await Console.Error.WriteLineAsync($"{environment.StepName}: {error.Message}");
            Environment.ExitCode = 2;
            throw;
        }
    }
}
