using ServiceQueue.Broker.Extensions;
using ServiceQueue.Broker.Grpc;
using ServiceQueue.ServiceDefaults.Grpc;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddBrokerServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapQueueBrokerApi();
app.MapGrpcHealthChecks();
app.Run();
