var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRealtimeServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapRealtimeEndpoints();
app.Run();

/// <summary>The entry point, visible to the tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
