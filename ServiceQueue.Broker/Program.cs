using ServiceQueue.Broker.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddBrokerServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
