namespace Mailr.Api.RateLimits;

/// <summary>
/// The counters behind the per-key rate limits, shared by every silo (Redis) or kept in this process (embedded). A counter
/// belongs to one window (its name says which) and is forgotten after <c>keepUntil</c>.
/// </summary>
public interface IRateLimitStore
{
    /// <summary>
    /// Adds <paramref name="amount"/> to <paramref name="counter"/> unless that would take it over <paramref name="limit"/>;
    /// true when it was added. A refused amount adds nothing, so a caller over the limit uses up nothing.
    /// </summary>
    Task<bool> TryTakeAsync(string counter, long amount, long limit, DateTimeOffset now, DateTimeOffset keepUntil);

    /// <summary>Gives back an amount taken earlier (its use did not happen); never below zero.</summary>
    Task ReturnAsync(string counter, long amount);
}
