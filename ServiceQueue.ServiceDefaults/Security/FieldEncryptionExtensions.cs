using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ServiceQueue.ServiceDefaults.Security;

namespace Microsoft.Extensions.Hosting;

/// <summary>Personal-data encryption; see docs/security.md.</summary>
public static class FieldEncryptionExtensions
{
    /// <summary>Binds and validates <c>Security:Encryption</c> at start and adds <see cref="FieldEncryptor"/> and <see cref="BlindIndex"/>.</summary>
    public static TBuilder AddFieldEncryption<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<EncryptionOptions>()
            .BindConfiguration(EncryptionOptions.SectionName)
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EncryptionOptions>, EncryptionOptionsValidator>());
        builder.Services.TryAddSingleton<FieldEncryptor>();
        builder.Services.TryAddSingleton<BlindIndex>();
        return builder;
    }
}
