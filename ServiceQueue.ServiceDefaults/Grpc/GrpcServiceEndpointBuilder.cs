using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace ServiceQueue.ServiceDefaults.Grpc;

/// <summary>
/// Maps the methods of one .proto service to handlers, checking each against the descriptor when it is
/// mapped. Methods left unmapped answer UNIMPLEMENTED. Conventions added here apply to every method.
/// </summary>
public sealed class GrpcServiceEndpointBuilder : IEndpointConventionBuilder
{
    // Mapped methods win over the UNIMPLEMENTED placeholder registered for every method at the same path.
    private const int PlaceholderOrder = 1;

    private readonly IEndpointRouteBuilder _endpoints;
    private readonly IOptions<GrpcServerOptions> _options;
    private readonly ILogger _logger;
    private readonly List<IEndpointConventionBuilder> _methodBuilders = [];
    private readonly List<Action<EndpointBuilder>> _conventions = [];
    private readonly List<Action<EndpointBuilder>> _finallyConventions = [];
    private readonly HashSet<string> _mapped = new(StringComparer.Ordinal);

    internal GrpcServiceEndpointBuilder(IEndpointRouteBuilder endpoints, ServiceDescriptor service, GrpcServiceRegistry registry)
    {
        _endpoints = endpoints;
        _options = endpoints.ServiceProvider.GetRequiredService<IOptions<GrpcServerOptions>>();
        _logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(GrpcServerLog.Category);
        Service = service;
        foreach (var method in service.Methods)
        {
            registry.AddMethodPath(GrpcProtocol.PathOf(method));
            Track(Map(method, GrpcUnimplementedHandler.ForMethod(method)).WithOrder(PlaceholderOrder));
        }
    }

    public ServiceDescriptor Service { get; }

    /// <summary>Maps a unary method. Throws if the descriptor has no such unary method with these message types.</summary>
    public IEndpointConventionBuilder MapUnary<TRequest, TResponse>(string methodName, Func<TRequest, GrpcCallContext, Task<TResponse>> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(handler);
        var method = Resolve<TRequest, TResponse>(methodName, serverStreaming: false);
        var call = new GrpcServerCallHandler<TRequest>(method, async (request, context) =>
        {
            var response = await handler(request, context)
                ?? throw new InvalidOperationException($"The handler of {GrpcProtocol.PathOf(method)} returned null.");
            await context.ResponseLock.WaitAsync(CancellationToken.None);
            try
            {
                // Past the deadline the status has already been sent; the late response is dropped.
                if (!context.ResponseCompleted)
                {
                    GrpcFrame.Write(context.HttpContext.Response.BodyWriter, response);
                    context.ResponseStarted = true;
                }
            }
            finally
            {
                context.ResponseLock.Release();
            }
        }, _options, _logger);
        return Track(Map(method, call.HandleAsync));
    }

    /// <summary>Maps a server-streaming method. Throws if the descriptor has no such method with these message types.</summary>
    public IEndpointConventionBuilder MapServerStreaming<TRequest, TResponse>(string methodName, Func<TRequest, IGrpcStreamWriter<TResponse>, GrpcCallContext, Task> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(handler);
        var method = Resolve<TRequest, TResponse>(methodName, serverStreaming: true);
        var call = new GrpcServerCallHandler<TRequest>(method, async (request, context) =>
        {
            var writer = new GrpcServerStreamWriter<TResponse>(context);
            try
            {
                await handler(request, writer, context);
            }
            finally
            {
                writer.Complete();
            }
        }, _options, _logger);
        return Track(Map(method, call.HandleAsync));
    }

    public void Add(Action<EndpointBuilder> convention)
    {
        ArgumentNullException.ThrowIfNull(convention);
        _conventions.Add(convention);
        foreach (var builder in _methodBuilders)
        {
            builder.Add(convention);
        }
    }

    public void Finally(Action<EndpointBuilder> finallyConvention)
    {
        ArgumentNullException.ThrowIfNull(finallyConvention);
        _finallyConventions.Add(finallyConvention);
        foreach (var builder in _methodBuilders)
        {
            builder.Finally(finallyConvention);
        }
    }

    private MethodDescriptor Resolve<TRequest, TResponse>(string methodName, bool serverStreaming)
    {
        ArgumentException.ThrowIfNullOrEmpty(methodName);
        var kind = serverStreaming ? "server-streaming" : "unary";
        var method = Service.FindMethodByName(methodName)
            ?? throw new InvalidOperationException($"Service '{Service.FullName}' has no method '{methodName}' in its descriptor.");
        var path = GrpcProtocol.PathOf(method);
        if (method.IsClientStreaming || method.IsServerStreaming != serverStreaming)
        {
            throw new InvalidOperationException($"Method '{path}' is not {kind} in its descriptor; map it with the matching Map method (client streaming is not supported).");
        }

        if (method.InputType.ClrType != typeof(TRequest))
        {
            throw new InvalidOperationException($"Method '{path}' takes '{method.InputType.FullName}' ({method.InputType.ClrType}), not {typeof(TRequest)}.");
        }

        if (method.OutputType.ClrType != typeof(TResponse))
        {
            throw new InvalidOperationException($"Method '{path}' returns '{method.OutputType.FullName}' ({method.OutputType.ClrType}), not {typeof(TResponse)}.");
        }

        if (!_mapped.Add(method.Name))
        {
            throw new InvalidOperationException($"Method '{path}' is already mapped.");
        }

        return method;
    }

    private IEndpointConventionBuilder Map(MethodDescriptor method, RequestDelegate handler)
    {
        var path = GrpcProtocol.PathOf(method);
        return _endpoints.MapPost(path, handler)
            .WithDisplayName($"gRPC {path}")
            .WithMetadata(method);
    }

    private IEndpointConventionBuilder Track(IEndpointConventionBuilder builder)
    {
        foreach (var convention in _conventions)
        {
            builder.Add(convention);
        }

        foreach (var convention in _finallyConventions)
        {
            builder.Finally(convention);
        }

        _methodBuilders.Add(builder);
        return builder;
    }
}
