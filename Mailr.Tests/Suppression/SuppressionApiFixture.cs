using Mailr.Grains.Suppression;
using Mailr.Tests.Auth;
using Mailr.Tests.RateLimits;

namespace Mailr.Tests.Suppression;

/// <summary>
/// One Mailr host with keys alpha, beta, ops (operator), pages (used only to read a known list) and limited (two
/// requests a second), and a clock that stands still so every entry added by hand has <see cref="Now"/> as its since.
/// </summary>
public sealed class SuppressionApiFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, 250, TimeSpan.Zero);

    public MailrApiFactory Factory { get; } = new(
        new Dictionary<string, string?>
        {
            ["Mailr:ApiKeys:0:Name"] = "alpha",
            ["Mailr:ApiKeys:0:Sha256"] = ApiKeyFixture.Sha256(ApiKeyFixture.Alpha),
            ["Mailr:ApiKeys:1:Name"] = "beta",
            ["Mailr:ApiKeys:1:Sha256"] = ApiKeyFixture.Sha256(ApiKeyFixture.Beta),
            ["Mailr:ApiKeys:2:Name"] = "ops",
            ["Mailr:ApiKeys:2:Sha256"] = ApiKeyFixture.Sha256(ApiKeyFixture.Ops),
            ["Mailr:ApiKeys:2:Operator"] = "true",
            ["Mailr:ApiKeys:3:Name"] = "pages",
            ["Mailr:ApiKeys:3:Sha256"] = ApiKeyFixture.Sha256(LimitedKeys.Secret("pages")),
            ["Mailr:ApiKeys:4:Name"] = "limited",
            ["Mailr:ApiKeys:4:Sha256"] = ApiKeyFixture.Sha256(LimitedKeys.Secret("limited")),
            ["Mailr:ApiKeys:4:RequestsPerSecond"] = "2",
            ["Mailr:Limits:MaxBodyBytes"] = "1024",
        },
        s => s.AddKeyedSingleton<TimeProvider>(GrainNames.Clock, new FakeTimeProvider(Now)));

    public ISuppressionList List => Factory.Services.GetRequiredService<ISuppressionList>();

    public HttpClient Client(string? key) => Factory.Client(key);

    public Task InitializeAsync()
    {
        _ = Factory.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SuppressionApiCollection : ICollectionFixture<SuppressionApiFixture>
{
    public const string Name = "suppression-api";
}
