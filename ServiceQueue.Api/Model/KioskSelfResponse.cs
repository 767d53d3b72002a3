namespace ServiceQueue.Api.Model;

/// <summary>What a kiosk learns about itself (<c>GET /kiosk</c>): enough to greet in its language and name its place.</summary>
public sealed record KioskSelfResponse(string Id, string Name, string Branch, string Language);
