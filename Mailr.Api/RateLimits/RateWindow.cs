using System.Globalization;

namespace Mailr.Api.RateLimits;

/// <summary>A fixed counting window: its name (part of its counter's name) and when it ends.</summary>
public readonly record struct RateWindow(string Name, DateTimeOffset End)
{
    /// <summary>The UTC second <paramref name="now"/> falls in (RequestsPerSecond).</summary>
    public static RateWindow Second(DateTimeOffset now)
    {
        var second = now.ToUnixTimeSeconds();
        return new($"s{second}", DateTimeOffset.FromUnixTimeSeconds(second + 1));
    }

    /// <summary>The calendar day, in UTC, <paramref name="now"/> falls in (RecipientsPerDay).</summary>
    public static RateWindow UtcDay(DateTimeOffset now)
    {
        var day = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        return new($"d{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}", day.AddDays(1));
    }

    /// <summary>Whole seconds from <paramref name="now"/> until the window ends, at least 1: the <c>Retry-After</c>.</summary>
    public int SecondsLeft(DateTimeOffset now) => Math.Max(1, (int)Math.Ceiling((End - now).TotalSeconds));
}
