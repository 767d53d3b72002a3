namespace ServiceQueue.Api.Model;

/// <summary>A role held in every branch of a region, those that join it later too.</summary>
public sealed record UserRegionRole(string Region, string Role);
