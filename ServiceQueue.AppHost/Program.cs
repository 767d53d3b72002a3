using ServiceQueue.AppHost.Commands;
using ServiceQueue.AppHost.Publishing;
using ServiceQueue.AppHost.Resources;
using ServiceQueue.AppHost.Resources.MySql;
using ServiceQueue.AppHost.Resources.RabbitMQ;
using ServiceQueue.AppHost.Resources.Redis;
using ServiceQueue.AppHost.Services;

var builder = DistributedApplication.CreateBuilder(args);

var mysql = builder.AddMySql("mysql").AddDatabase("servicequeuedb");
var redis = builder.AddRedisServer("redis");
var rabbitmq = builder.AddRabbitMQNode("rabbitmq");

var jwtKey = builder.AddGeneratedKey("jwt-signing-key");
var encryptionKeys = EncryptionKeyRing.Add(builder);
var blindIndexKey = builder.AddGeneratedKey("blind-index-key");
var adminPassword = builder.AddGeneratedPassword("bootstrap-admin-password");
var attendantPassword = builder.AddGeneratedPassword("demo-attendant-password");

// Each service waits only for what it cannot start without: the Broker for Redis, the Api for its
// database (it migrates on start). RabbitMQ and the Broker are reached through connections every
// service opens and reopens by itself, and a service reports them on /health until they answer, so
// the services start while RabbitMQ boots instead of after it (docs/apphost.md, "Start-up and memory").
var broker = builder.AddProject<Projects.ServiceQueue_Broker>("broker")
    .WithContractReferences()
    .WithHttpAndGrpcEndpoints(5300, 5301)
    .WithHttpHealthCheck("/health")
    .WithReference(redis).WaitFor(redis);

var api = builder.AddProject<Projects.ServiceQueue_Api>("api")
    .WithContractReferences()
    .WithHttpEndpoint(5100)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints("/api", "/openapi", "/swagger")
    .WithReference(mysql).WaitFor(mysql)
    .WithReference(rabbitmq)
    .WithReference(broker.GetEndpoint("grpc"))
    .WithJwt(jwtKey)
    .WithEncryption(encryptionKeys, blindIndexKey)
    .WithEnvironment("Bootstrap__AdminUserName", "admin")
    .WithEnvironment("Bootstrap__AdminPassword", adminPassword)
    .WithDemoDataCommand(adminPassword, attendantPassword);

var consumer = builder.AddProject<Projects.ServiceQueue_Consumer>("consumer")
    .WithContractReferences()
    .WithHttpEndpoint(5400)
    .WithHttpHealthCheck("/health")
    .WithReference(rabbitmq)
    .WithReference(broker.GetEndpoint("grpc"))
    .WithEncryption(encryptionKeys, blindIndexKey);

var realtime = builder.AddProject<Projects.ServiceQueue_Realtime>("realtime")
    .WithContractReferences()
    .WithHttpEndpoint(5200)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithReference(broker.GetEndpoint("grpc"))
    .WithReference(api.GetEndpoint("http"))
    .WithJwt(jwtKey)
    .WithEncryption(encryptionKeys, blindIndexKey);

api.WithRotateKeyCommand(encryptionKeys, api, consumer, realtime);

// The attendant console, served by Realtime, signs in through the Api from the browser: locally on the
// Api's own port, which lets the console's origin in; published, through the Ingress that serves both,
// on the page's own origin (the Api's in-cluster address means nothing to a browser).
realtime.WithPublishedEnvironment("Pages__ApiBaseAddress", "/");

// Published, browsers reach the Api and Realtime through the Ingress, so every request arrives from the
// proxy: ASP.NET Core's own switch takes the client's address and scheme from X-Forwarded-For and -Proto
// (the rightmost entry only, the one the Ingress wrote), so sign-in limits count clients, not the proxy.
// The NetworkPolicies let only the Ingress (and Realtime) reach the Api. Run locally there is no proxy.
api.WithPublishedEnvironment("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "true");
realtime.WithPublishedEnvironment("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "true");
if (builder.ExecutionContext.IsRunMode)
{
    var console = realtime.GetEndpoint("http");
    api.WithEnvironment("Cors__AllowedOrigins__0", ReferenceExpression.Create($"http://127.0.0.1:{console.Property(EndpointProperty.Port)}"))
        .WithEnvironment("Cors__AllowedOrigins__1", ReferenceExpression.Create($"http://localhost:{console.Property(EndpointProperty.Port)}"));
}

// Published (`--operation publish --step publish-k8s`), the model becomes Kubernetes manifests: docs/kubernetes.md.
builder.AddKubernetesEnvironment("k8s");

builder.Build().Run();
