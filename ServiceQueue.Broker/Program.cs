using ServiceQueue.Broker.Extensions;
using ServiceQueue.Broker.Grpc;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddBrokerServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGrpcService<QueueBrokerService>();
app.MapGrpcHealthChecksService();
app.Run();
