using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ServiceQueue.ServiceDefaults.Configuration;

/// <summary>
/// Runs the options validators registered with <c>ValidateOnStart</c> when the container is built, so a
/// wrong setting stops <c>builder.Build()</c> before the host starts (and before it logs the failure
/// with a stack trace as "Hosting failed to start").
/// </summary>
internal sealed class StartupValidatingServiceProviderFactory : IServiceProviderFactory<IServiceCollection>
{
    private readonly DefaultServiceProviderFactory _inner;

    public StartupValidatingServiceProviderFactory(ServiceProviderOptions options) => _inner = new DefaultServiceProviderFactory(options);

    public IServiceCollection CreateBuilder(IServiceCollection services) => _inner.CreateBuilder(services);

    public IServiceProvider CreateServiceProvider(IServiceCollection containerBuilder)
    {
        var provider = _inner.CreateServiceProvider(containerBuilder);
        try
        {
            provider.GetService<IStartupValidator>()?.Validate();
            return provider;
        }
        catch
        {
            (provider as IDisposable)?.Dispose();
            throw;
        }
    }
}
