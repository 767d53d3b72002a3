using System.Globalization;

namespace ServiceQueue.AppHost.Resources;

/// <summary>
/// The personal-data keys the services get (contracts.md: <c>Security__Encryption__Keys__&lt;id&gt;</c> and the
/// active id): the parameters <c>encryption-key-1</c> … <c>encryption-key-N</c>, N being the AppHost's
/// <c>ServiceQueue:EncryptionKeyCount</c> (1 until a rotation), the newest active and the older ones listed
/// so what they sealed stays readable. A rotation while running adds the next key here, so services
/// restarted afterwards get it at once; the next AppHost start reads it back from the user secrets.
/// </summary>
internal sealed class EncryptionKeyRing
{
    public const string CountKey = "ServiceQueue:EncryptionKeyCount";

    private readonly List<ParameterResource> _keys = [];
    private readonly Lock _gate = new();
    private (int Id, string Value)? _addedWhileRunning;

    private EncryptionKeyRing()
    {
    }

    public static string ParameterName(int id) => $"encryption-key-{id.ToString(CultureInfo.InvariantCulture)}";

    public static EncryptionKeyRing Add(IDistributedApplicationBuilder builder)
    {
        var count = int.TryParse(builder.Configuration[CountKey], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
        var ring = new EncryptionKeyRing();
        for (var id = 1; id <= count; id++)
        {
            ring._keys.Add(builder.AddGeneratedKey(ParameterName(id)).Resource);
        }

        return ring;
    }

    /// <summary>The id the next rotation gives its key.</summary>
    public int NextId
    {
        get
        {
            lock (_gate)
            {
                return (_addedWhileRunning?.Id ?? _keys.Count) + 1;
            }
        }
    }

    /// <summary>Makes <paramref name="value"/> the active key for every service (re)started from now on.</summary>
    public void Activate(int id, string value)
    {
        lock (_gate)
        {
            if (id != NextId)
            {
                throw new InvalidOperationException($"Key {id} is not the next one ({NextId}).");
            }

            _addedWhileRunning = (id, value);
        }
    }

    public void ApplyTo(EnvironmentCallbackContext context)
    {
        var environment = context.EnvironmentVariables;
        lock (_gate)
        {
            for (var i = 0; i < _keys.Count; i++)
            {
                environment[$"Security__Encryption__Keys__{(i + 1).ToString(CultureInfo.InvariantCulture)}"] = _keys[i];
            }

            var active = _keys.Count;
            if (_addedWhileRunning is { } added)
            {
                environment[$"Security__Encryption__Keys__{added.Id.ToString(CultureInfo.InvariantCulture)}"] = added.Value;
                active = added.Id;
            }

            environment["Security__Encryption__ActiveKeyId"] = active.ToString(CultureInfo.InvariantCulture);
        }
    }
}
