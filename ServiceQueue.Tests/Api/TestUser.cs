namespace ServiceQueue.Tests.Api;

internal sealed record TestUser(string Id, string UserName, string Password, string Role);
