using System.Threading.RateLimiting;

namespace Mailr.Api.RateLimits;

/// <summary>
/// One key's <c>RequestsPerSecond</c> for ASP.NET Core's rate-limiting middleware: a counter per UTC second in the
/// <see cref="IRateLimitStore"/>, shared by every silo in Redis mode. Every answer needs the store, so the synchronous
/// attempt never grants a permit; the middleware then asks <see cref="AcquireAsyncCore"/>, which decides.
/// </summary>
internal sealed class RequestRateLimiter(IRateLimitStore store, TimeProvider clock, string owner, int perSecond) : RateLimiter
{
    private static readonly RateLease s_undecided = new(false);

    // Stateless (the count is in the store), so the partitioned limiter may keep it for as long as it likes.
    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => s_undecided;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var window = RateWindow.Second(now);
        if (await store.TryTakeAsync($"r:{window.Name}:{owner}", permitCount, perSecond, now, window.End + KeyRateLimits.KeepAfterWindow))
        {
            return RateLease.Acquired;
        }

        var seconds = window.SecondsLeft(now);
        return new RateLease(false, TimeSpan.FromSeconds(seconds),
            $"This API key may make {perSecond} requests per second, and that many were made this second. Nothing was done; try again in {seconds} s.");
    }
}
