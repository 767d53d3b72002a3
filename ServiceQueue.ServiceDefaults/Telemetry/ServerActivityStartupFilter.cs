using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace ServiceQueue.ServiceDefaults.Telemetry;

/// <summary>Puts <see cref="ServerActivityMiddleware"/> first in every pipeline, ahead of routing.</summary>
internal sealed class ServerActivityStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<ServerActivityMiddleware>();
        next(app);
    };
}
