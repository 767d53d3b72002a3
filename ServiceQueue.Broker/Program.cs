var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Configuration.GetRequiredConnectionString("redis", "Redis connection string, StackExchange format");

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
