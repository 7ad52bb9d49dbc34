using Mailr.Silo.Redis;

namespace Mailr.Tests.Redis;

[Trait("Category", "Processes")]
public sealed class RedisSettingsGuardTests
{
    [Theory]
    [InlineData("noeviction", "yes", "", 0)]
    [InlineData("noeviction", "no", "3600 1 300 100", 0)]
    [InlineData("volatile-lru", "yes", "", 1)]
    [InlineData("allkeys-lru", "yes", "", 1)]
    [InlineData("noeviction", "no", "", 1)]
    [InlineData("volatile-lru", "no", "", 2)]
    public void Problems_Settings_FlagsEvictionAndMissingPersistence(string policy, string appendOnly, string save, int expected)
    {
        var problems = RedisSettingsCheck.Problems(new Dictionary<string, string>
        {
            ["maxmemory-policy"] = policy,
            ["appendonly"] = appendOnly,
            ["save"] = save,
        });

        Assert.Equal(expected, problems.Count);
    }

    [Fact]
    public async Task Start_RedisMayEvictAndDoesNotPersist_RefusesNamingBothSettings()
    {
        await using var server = await RedisServer.StartAsync("--maxmemory-policy", "volatile-lru", "--appendonly", "no", "--save", "");
        await using var silo = new MailrApiFactory(RedisServer.SiloSettings(server.ConnectionString));

        var error = Record.Exception(() => silo.CreateClient());

        Assert.NotNull(error);
        var message = error.ToString();
        Assert.Contains("maxmemory-policy is 'volatile-lru'", message);
        Assert.Contains("appendonly no", message);
        Assert.Contains("Mailr:Redis:AllowUnsafeSettings", message);
    }

    [Fact]
    public async Task Start_UnsafeRedisButExplicitlyAllowed_StartsAndAccepts()
    {
        await using var server = await RedisServer.StartAsync("--maxmemory-policy", "allkeys-lru", "--appendonly", "no", "--save", "");
        var settings = RedisServer.SiloSettings(server.ConnectionString);
        settings["Mailr:Redis:AllowUnsafeSettings"] = "true";
        await using var silo = new MailrApiFactory(settings);
        using var client = silo.CreateClient();

        var response = await client.PostAsync("/messages", Json.Body(Json.SampleRequest()));

        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
    }
}
