using ServiceQueue.Api.Identity;

namespace ServiceQueue.Api.Storage;

/// <summary>Brings the schema up to date and the default branch and the bootstrap Admin into being before the Api serves.</summary>
internal sealed class DatabaseInitializer(DatabaseMigrator migrations, BranchStore branches, BootstrapAdmin bootstrapAdmin) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await migrations.MigrateAsync(cancellationToken);
        await branches.EnsureDefaultAsync(cancellationToken);
        await bootstrapAdmin.EnsureAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
