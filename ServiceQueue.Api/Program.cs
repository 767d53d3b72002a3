using ServiceQueue.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseApiPipeline();
app.MapDefaultEndpoints();
app.MapOpenApiDocument();
app.MapApiV1();
app.Run();

/// <summary>The entry point, visible to the tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
