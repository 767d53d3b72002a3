namespace ServiceQueue.Api.KeyRotation;

internal static class KeyRotationServiceExtensions
{
    public static IServiceCollection AddKeyRotation(this IServiceCollection services) => services.AddSingleton<KeyRotator>();
}
