using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace ServiceQueue.Tests.Publish;

/// <summary>One rendered Kubernetes object, read as plain maps, lists and strings (every scalar is a string).</summary>
public sealed class KubeObject(Dictionary<object, object> root)
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    public string Kind => (string)root["kind"];

    public string Name => Get("metadata", "name") as string ?? "";

    public Dictionary<object, object> Root => root;

    public object? Get(params string[] path)
    {
        object? current = root;
        foreach (var key in path)
        {
            current = current is Dictionary<object, object> map && map.TryGetValue(key, out var next) ? next : null;
        }

        return current;
    }

    public static List<KubeObject> ParseAll(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        var objects = new List<KubeObject>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (Deserializer.Deserialize<Dictionary<object, object>?>(parser) is { } document)
            {
                objects.Add(new KubeObject(document));
            }
        }

        return objects;
    }

    public static Dictionary<object, object> Map(object? value) => value as Dictionary<object, object> ?? [];

    public static List<object> List(object? value) => value as List<object> ?? [];

    /// <summary>The pod template's spec of a Deployment or StatefulSet.</summary>
    public Dictionary<object, object> PodSpec => Map(Get("spec", "template", "spec"));

    public Dictionary<object, object> PodLabels => Map(Get("spec", "template", "metadata", "labels"));

    public IEnumerable<Dictionary<object, object>> Containers => List(PodSpec.GetValueOrDefault("containers")).Select(Map);

    public override string ToString() => $"{Kind}/{Name}";
}
