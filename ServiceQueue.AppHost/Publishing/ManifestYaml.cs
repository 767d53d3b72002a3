using YamlDotNet.Serialization;

namespace ServiceQueue.AppHost.Publishing;

/// <summary>
/// Writes Kubernetes objects (ordered maps, lists, strings, numbers) as YAML: keys in the order they
/// were built, strings quoted only where YAML would read them as something else, no aliases.
/// </summary>
internal static class ManifestYaml
{
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithIndentedSequences()
        .WithQuotingNecessaryStrings()
        .DisableAliases()
        .Build();

    public static string Write(IEnumerable<OrderedDictionary<string, object>> documents) =>
        string.Join("---\n", documents.Select(d => Serializer.Serialize(d).ReplaceLineEndings("\n")));
}
