namespace Mailr.Tests.RateLimits;

/// <summary>One embedded host whose clock stands still, so every request of a test falls in the same second and day.</summary>
public sealed class RateLimitFixture : IAsyncLifetime
{
    /// <summary>14 h minus 250 ms before the end of the UTC day.</summary>
    public static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, 250, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Now);

    public MailrApiFactory Factory { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Factory = new MailrApiFactory(
            LimitedKeys.Settings(
                ("burst", 3, null), ("noisy", 3, null), ("calm", 3, null), ("sender", 2, null), ("free", null, null), ("spelled", 3, null),
                ("quota", null, 5), ("replay", null, 3), ("released", null, 2)),
            s => s.AddKeyedSingleton<TimeProvider>(GrainNames.Clock, Clock));
        _ = Factory.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class RateLimitCollection : ICollectionFixture<RateLimitFixture>
{
    public const string Name = "rate-limits";
}
