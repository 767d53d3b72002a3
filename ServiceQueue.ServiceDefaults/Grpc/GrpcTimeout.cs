using System.Globalization;

namespace ServiceQueue.ServiceDefaults.Grpc;

/// <summary>The <c>grpc-timeout</c> header: 1 to 8 ASCII digits and a unit (H, M, S, m, u, n).</summary>
internal static class GrpcTimeout
{
    private const long MaxValue = 99_999_999;

    /// <summary>The longest delay a <see cref="CancellationTokenSource"/> accepts; longer counts as no deadline.</summary>
    public static readonly TimeSpan MaxTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    public static bool TryParse(string? value, out TimeSpan timeout)
    {
        timeout = default;
        if (value is null || value.Length is < 2 or > 9)
        {
            return false;
        }

        long amount = 0;
        for (var i = 0; i < value.Length - 1; i++)
        {
            var c = value[i];
            if (c is < '0' or > '9')
            {
                return false;
            }

            amount = (amount * 10) + (c - '0');
        }

        long? ticks = value[^1] switch
        {
            'H' => amount * TimeSpan.TicksPerHour,
            'M' => amount * TimeSpan.TicksPerMinute,
            'S' => amount * TimeSpan.TicksPerSecond,
            'm' => amount * TimeSpan.TicksPerMillisecond,
            'u' => amount * TimeSpan.TicksPerMicrosecond,
            // A tick is 100 ns; round up so that "1n" is still a (tiny) positive timeout.
            'n' => (amount + 99) / 100,
            _ => null,
        };

        if (ticks is null)
        {
            return false;
        }

        timeout = TimeSpan.FromTicks(ticks.Value);
        return true;
    }

    /// <summary>Formats a positive timeout in the finest unit that fits in 8 digits, rounding up.</summary>
    public static string Format(TimeSpan timeout)
    {
        var ticks = Math.Max(timeout.Ticks, 1);
        var milliseconds = CeilingDivide(ticks, TimeSpan.TicksPerMillisecond);
        if (milliseconds <= MaxValue)
        {
            return milliseconds.ToString(CultureInfo.InvariantCulture) + "m";
        }

        var seconds = CeilingDivide(ticks, TimeSpan.TicksPerSecond);
        if (seconds <= MaxValue)
        {
            return seconds.ToString(CultureInfo.InvariantCulture) + "S";
        }

        var minutes = CeilingDivide(ticks, TimeSpan.TicksPerMinute);
        if (minutes <= MaxValue)
        {
            return minutes.ToString(CultureInfo.InvariantCulture) + "M";
        }

        return Math.Min(CeilingDivide(ticks, TimeSpan.TicksPerHour), MaxValue).ToString(CultureInfo.InvariantCulture) + "H";
    }

    private static long CeilingDivide(long value, long divisor) => (value + divisor - 1) / divisor;
}
