using Microsoft.Extensions.Logging;

namespace ServiceQueue.Tests.Grpc;

internal sealed record CapturedLog(string Category, LogLevel Level, string Message, Exception? Exception);
