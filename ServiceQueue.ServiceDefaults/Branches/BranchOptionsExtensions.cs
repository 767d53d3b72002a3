using Microsoft.Extensions.DependencyInjection;

namespace ServiceQueue.ServiceDefaults.Branches;

public static class BranchOptionsExtensions
{
    /// <summary>Binds <c>Branches</c> and checks it at start, so a bad default stops the service with one line naming the key.</summary>
    public static IServiceCollection AddBranchOptions(this IServiceCollection services)
    {
        services.AddOptions<BranchOptions>().BindConfiguration(BranchOptions.SectionName)
            .Validate(BranchOptions.IsValid, "Branches__Default must be a branch code: 1 to 16 characters of A-Z, 0-9, '_' and '-'.")
            .ValidateOnStart();
        return services;
    }
}
