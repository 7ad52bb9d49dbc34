using System.Threading.RateLimiting;
using Mailr.Api.Auth;
using Mailr.Grains;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mailr.Api.RateLimits;

/// <summary>
/// The per-key limits of <c>Mailr:ApiKeys</c>, counted in the <see cref="IRateLimitStore"/> (cluster-wide in Redis mode) and
/// keyed by the authenticated key's name, never by the header as sent: every spelling of a valid key is the same key, and
/// any other is a 401 before it is counted. A key without a limit (and everyone in open mode) is unlimited.
/// </summary>
public sealed class KeyRateLimits(IOptions<MailrApiOptions> options, IRateLimitStore store, [FromKeyedServices(GrainNames.Clock)] TimeProvider clock)
{
    /// <summary>The rate-limiting policy on every public API endpoint: <c>RequestsPerSecond</c>.</summary>
    public const string RequestPolicy = "mailr-requests-per-second";

    /// <summary>How long a counter is kept after its window ends (a little clock skew between silos).</summary>
    public static readonly TimeSpan KeepAfterWindow = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, ApiKeyOptions> _keys = options.Value.ApiKeys.ToDictionary(k => k.Name, StringComparer.Ordinal);

    /// <summary>The partition of a request: its key's name, with a limiter when the key has <c>RequestsPerSecond</c>.</summary>
    public RateLimitPartition<string> RequestPartition(HttpContext context)
    {
        var owner = Caller.Owner(context);
        return _keys.TryGetValue(owner, out var key) && key.RequestsPerSecond is { } perSecond
            ? RateLimitPartition.Get(owner, name => new RequestRateLimiter(store, clock, name, perSecond))
            : RateLimitPartition.GetNoLimiter(owner);
    }

    /// <summary>
    /// Counts the recipients of a message about to be recorded against its key's <c>RecipientsPerDay</c> (the calendar day in
    /// UTC). Over the limit: the 429 to answer (with <c>Retry-After</c> set), and nothing is counted.
    /// </summary>
    public async Task<(RecipientsTaken? Taken, JsonHttpResult<ErrorResponse>? Refusal)> TakeRecipientsAsync(HttpContext context, string owner, int recipients)
    {
        if (!_keys.TryGetValue(owner, out var key) || key.RecipientsPerDay is not { } perDay)
        {
            return (null, null);
        }

        var now = clock.GetUtcNow();
        var window = RateWindow.UtcDay(now);
        var taken = new RecipientsTaken($"n:{window.Name}:{owner}", recipients);
        if (await store.TryTakeAsync(taken.Counter, recipients, perDay, now, window.End + KeepAfterWindow))
        {
            return (taken, null);
        }

        var seconds = window.SecondsLeft(now);
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var message = recipients > perDay
            ? $"This message has {recipients} recipients, more than this API key's limit of {perDay} recipients per day (UTC); it was not accepted, and never can be with this key."
            : $"This API key may send to {perDay} recipients per day (UTC), and this message's {recipients} would go over it. It was not accepted; the count starts again at midnight UTC, in {seconds} s.";
        return (null, Errors.Json(StatusCodes.Status429TooManyRequests, message));
    }

    /// <summary>Gives back recipients counted for a message that was not recorded after all (or was recorded by an earlier request).</summary>
    public Task ReturnAsync(RecipientsTaken? taken) => taken is null ? Task.CompletedTask : store.ReturnAsync(taken.Counter, taken.Recipients);
}

/// <summary>Recipients counted against a key's day, to give back if the message is not recorded.</summary>
public sealed record RecipientsTaken(string Counter, int Recipients);
