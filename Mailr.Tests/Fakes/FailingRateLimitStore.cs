namespace Mailr.Tests.Fakes;

/// <summary>A rate-limit store that cannot be reached, as an unreachable Redis would be.</summary>
public sealed class FailingRateLimitStore : IRateLimitStore
{
    public Task<bool> TryTakeAsync(string counter, long amount, long limit, DateTimeOffset now, DateTimeOffset keepUntil) =>
        throw new TimeoutException("The rate-limit store did not answer.");

    public Task ReturnAsync(string counter, long amount) => throw new TimeoutException("The rate-limit store did not answer.");
}
