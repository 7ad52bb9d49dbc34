using System.Text;
using System.Text.Json;
using StackExchange.Redis;

namespace Mailr.Tests.Redis;

/// <summary>An operator's disable is kept by the provider health grain's storage in Redis, so it outlives the silo.</summary>
[Collection(RedisCollection.Name), Trait("Category", "Processes")]
public sealed class RedisProviderDisableTests(RedisServerFixture redis)
{
    private const string Provider = "pickup-kept";

    [Fact]
    public async Task Disable_SiloRestartsOnTheSameRedis_StillDisabledSinceThenAndOnlyForItsService()
    {
        var settings = Settings();
        string? since;
        await using (var first = new MailrApiFactory(settings))
        {
            since = (await Json.ReadAsync(await first.CreateClient().PostAsync($"/providers/{Provider}/disable", null))).GetProperty("since").GetString();
        }

        var stored = await StoredAsync(settings);
        await using var restarted = new MailrApiFactory(settings);
        var afterRestart = await ProviderAsync(restarted);
        await using var otherService = new MailrApiFactory(Settings());
        var elsewhere = await ProviderAsync(otherService);

        Assert.Equal("disabled", afterRestart.GetProperty("state").GetString());
        Assert.Equal(since, afterRestart.GetProperty("since").GetString());
        Assert.NotNull(stored.Data);
        Assert.Null(stored.Ttl);
        Assert.DoesNotContain("Mailr", Encoding.Latin1.GetString(stored.Data), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("closed", elsewhere.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Enable_AfterDisable_KeyDeletedAndClosedAfterRestart()
    {
        var settings = Settings();
        await using (var first = new MailrApiFactory(settings))
        {
            using var client = first.CreateClient();
            await client.PostAsync($"/providers/{Provider}/disable", null);
            await client.PostAsync($"/providers/{Provider}/enable", null);
        }

        var stored = await StoredAsync(settings);
        await using var restarted = new MailrApiFactory(settings);
        var afterRestart = await ProviderAsync(restarted);

        Assert.Null(stored.Data);
        Assert.Equal("closed", afterRestart.GetProperty("state").GetString());
    }

    private Dictionary<string, string?> Settings()
    {
        var settings = RedisServer.SiloSettings(redis.ConnectionString);
        settings["Mailr:Providers:0:Name"] = Provider;
        return settings;
    }

    /// <summary>The grain state's hash: Orleans' key <c>{service}/state/{grain type}/{key}/{state name}</c>.</summary>
    private async Task<(byte[]? Data, TimeSpan? Ttl)> StoredAsync(Dictionary<string, string?> settings)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var key = $"{settings["Orleans:ServiceId"]}/state/providerhealth/{Provider}/{GrainNames.ProviderHealthState}";
        var database = connection.GetDatabase();
        return ((byte[]?)await database.HashGetAsync(key, "data"), await database.KeyTimeToLiveAsync(key));
    }

    private static async Task<JsonElement> ProviderAsync(MailrApiFactory silo)
    {
        using var client = silo.CreateClient();
        var providers = await Json.ReadAsync(await client.GetAsync("/providers"));
        return Assert.Single(providers.EnumerateArray());
    }
}
