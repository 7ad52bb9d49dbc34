using System.Net;
using Mailr.Api;
using Mailr.Api.Auth;
using Mailr.Api.RateLimits;

namespace Mailr.Tests.RateLimits;

public sealed class RateLimitWindowTests
{
    [Fact]
    public async Task Limits_WindowEnds_CountStartsAgain()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 23, 59, 59, 900, TimeSpan.Zero));
        await using var factory = new MailrApiFactory(LimitedKeys.Settings(("night", 1, 2)),
            s => s.AddKeyedSingleton<TimeProvider>(GrainNames.Clock, clock));
        using var client = LimitedKeys.Client(factory, "night");

        var today = await client.PostAsync("/messages", Json.Body(LimitedKeys.Message(2)));
        var sameSecond = await LimitedKeys.LookUpAsync(client);
        clock.Advance(TimeSpan.FromMilliseconds(100));
        var tomorrow = await client.PostAsync("/messages", Json.Body(LimitedKeys.Message(2)));
        clock.Advance(TimeSpan.FromSeconds(1));
        var overDay = await client.PostAsync("/messages", Json.Body(LimitedKeys.Message(1)));

        Assert.Equal(HttpStatusCode.Accepted, today.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, sameSecond.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, tomorrow.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, overDay.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(24 * 3600 - 1), overDay.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public void Validate_LimitBelowOne_NamesTheKey()
    {
        var options = new MailrApiOptions
        {
            ApiKeys = [new() { Name = "a", Sha256 = new string('a', 64), RequestsPerSecond = 0, RecipientsPerDay = -1 }],
        };

        var result = new MailrApiOptionsValidator().Validate(null, options);

        Assert.Equal(
            ["Mailr:ApiKeys:0:RequestsPerSecond must be at least 1 (leave it unset for no limit).", "Mailr:ApiKeys:0:RecipientsPerDay must be at least 1 (leave it unset for no limit)."],
            result.Failures);
    }

    [Theory]
    [InlineData("2026-12-02T10:00:00.250Z", "s1796205600", "2026-12-02T10:00:01Z", 1)]
    [InlineData("2026-12-02T10:00:00Z", "s1796205600", "2026-12-02T10:00:01Z", 1)]
    public void Second_Now_WindowOfThatSecond(string now, string name, string end, int secondsLeft)
    {
        var at = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);

        var window = RateWindow.Second(at);

        Assert.Equal(name, window.Name);
        Assert.Equal(DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture), window.End);
        Assert.Equal(secondsLeft, window.SecondsLeft(at));
    }

    [Fact]
    public void UtcDay_OffsetTime_CalendarDayInUtc()
    {
        var at = new DateTimeOffset(2026, 12, 3, 1, 30, 0, TimeSpan.FromHours(2));

        var window = RateWindow.UtcDay(at);

        Assert.Equal("d20261202", window.Name);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero), window.End);
        Assert.Equal(30 * 60, window.SecondsLeft(at));
    }
}
