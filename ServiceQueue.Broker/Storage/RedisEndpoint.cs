namespace ServiceQueue.Broker.Storage;

/// <summary>The <c>ConnectionStrings:redis</c> value, StackExchange format (<c>H:P,password=W</c>).</summary>
internal sealed record RedisEndpoint(string ConnectionString);
