using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ServiceQueue.Api.Storage;

/// <summary>For <c>dotnet ef migrations add</c>: the model without a server (migrations are made, not applied, here).</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ServiceQueueDbContext>
{
    public ServiceQueueDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<ServiceQueueDbContext>()
        .UseMySql("Server=localhost;Database=servicequeuedb", new MariaDbServerVersion(new Version(10, 11, 19)))
        .Options);
}
