var builder = DistributedApplication.CreateBuilder(args);

var mysql = builder.AddMySql("mysql").AddDatabase("servicequeuedb");
var redis = builder.AddRedis("redis");
var rabbitmq = builder.AddRabbitMQ("rabbitmq");

var jwtKey = builder.AddGeneratedKey("jwt-signing-key");
var encryptionKey = builder.AddGeneratedKey("encryption-key-1");
var blindIndexKey = builder.AddGeneratedKey("blind-index-key");
var adminPassword = builder.AddGeneratedPassword("bootstrap-admin-password");

var broker = builder.AddProject<Projects.ServiceQueue_Broker>("broker")
    .WithHttpEndpoint(5300)
    .WithGrpcEndpoint(5301)
    .WithReference(redis).WaitFor(redis);

var api = builder.AddProject<Projects.ServiceQueue_Api>("api")
    .WithHttpEndpoint(5100)
    .WithExternalHttpEndpoints("/api", "/openapi", "/swagger")
    .WithReference(mysql).WaitFor(mysql)
    .WithReference(rabbitmq).WaitFor(rabbitmq)
    .WithReference(broker).WaitFor(broker)
    .WithJwt(jwtKey)
    .WithEncryption(encryptionKey, blindIndexKey)
    .WithEnvironment("Bootstrap__AdminUserName", "admin")
    .WithEnvironment("Bootstrap__AdminPassword", adminPassword);

builder.AddProject<Projects.ServiceQueue_Consumer>("consumer")
    .WithHttpEndpoint(5400)
    .WithReference(rabbitmq).WaitFor(rabbitmq)
    .WithReference(broker).WaitFor(broker)
    .WithEncryption(encryptionKey, blindIndexKey);

builder.AddProject<Projects.ServiceQueue_Realtime>("realtime")
    .WithHttpEndpoint(5200)
    .WithExternalHttpEndpoints()
    .WithReference(broker).WaitFor(broker)
    .WithReference(api)
    .WithJwt(jwtKey)
    .WithEncryption(encryptionKey, blindIndexKey);

await builder.Build().RunAsync();
