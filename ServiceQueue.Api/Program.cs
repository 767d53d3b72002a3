using ServiceQueue.Api.Extensions;
using ServiceQueue.Api.KeyRotation;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
if (KeyRotationCommand.IsRequested(args))
{
    return await KeyRotationCommand.RunAsync(app, args);
}

app.UseApiPipeline();
app.MapDefaultEndpoints();
app.MapOpenApiDocument();
app.MapApiV1();
app.Run();
return 0;

/// <summary>The entry point, visible to the tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
