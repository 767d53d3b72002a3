using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ServiceQueue.Api.Model;
using ServiceQueue.Api.Options;
using ServiceQueue.Api.Storage;

namespace ServiceQueue.Api.Identity;

/// <summary>
/// Device-token lookups, each reused for <see cref="KioskOptions.TokenCacheTime"/> (a second by default) so a kiosk's
/// requests do not each read MySQL. Only known, unrevoked devices are kept (an unknown token cannot fill it), and a change
/// or revocation here forgets the device at once; on another instance it takes effect when the entry expires.
/// </summary>
internal sealed class KioskDeviceCache(KioskDeviceStore store, IOptions<KioskOptions> options, TimeProvider timeProvider)
{
    // Far above the kiosks of any installation; past it the cache starts over rather than grow.
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (KioskDevice Device, long Expires)> _entries = new(StringComparer.Ordinal);

    public async Task<KioskDevice?> FindAsync(string token, CancellationToken cancellationToken)
    {
        var hash = KioskDeviceToken.Hash(token);
        var key = Convert.ToHexString(hash);
        var now = timeProvider.GetTimestamp();
        if (_entries.TryGetValue(key, out var entry) && now < entry.Expires)
        {
            return entry.Device;
        }

        var device = await store.FindActiveByTokenHashAsync(hash, cancellationToken);
        var lifetime = options.Value.TokenCacheTime;
        if (device is null || lifetime <= TimeSpan.Zero)
        {
            _entries.TryRemove(key, out _);
            return device;
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[key] = (device, now + (long)(lifetime.TotalSeconds * timeProvider.TimestampFrequency));
        return device;
    }

    /// <summary>Drops every entry of the kiosk, so its next request reads MySQL.</summary>
    public void Forget(string kioskId)
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.Device.Id == kioskId)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }
}
