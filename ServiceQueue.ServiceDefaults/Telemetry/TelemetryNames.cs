namespace ServiceQueue.ServiceDefaults.Telemetry;

/// <summary>
/// The naming convention for the project's own ActivitySources and Meters: <c>ServiceQueue.{Component}</c>
/// (e.g. <c>ServiceQueue.Broker</c>). Every name under the prefix is collected without further setup.
/// </summary>
public static class TelemetryNames
{
    public const string Prefix = "ServiceQueue";

    /// <summary>The wildcard the tracer and meter providers subscribe to.</summary>
    public const string Wildcard = Prefix + ".*";

    /// <summary>The ActivitySource or Meter name for a component, e.g. <c>For("Broker")</c>.</summary>
    public static string For(string component) => $"{Prefix}.{component}";
}
