namespace ServiceQueue.AppHost.Publishing;

/// <summary>The recommended Kubernetes labels; pods are selected by name and part-of only.</summary>
internal static class Labels
{
    public const string Name = "app.kubernetes.io/name";
    public const string PartOf = "app.kubernetes.io/part-of";
    public const string Component = "app.kubernetes.io/component";
    public const string Application = "servicequeue";

    public static OrderedDictionary<string, object> For(string name, string component) => new()
    {
        [Name] = name,
        [PartOf] = Application,
        [Component] = component,
    };

    public static OrderedDictionary<string, object> Selector(string name) => new()
    {
        [Name] = name,
        [PartOf] = Application,
    };
}
