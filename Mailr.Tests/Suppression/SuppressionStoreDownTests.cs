using System.Net;
using Mailr.Api.Http;
using Mailr.Grains.Suppression;
using Mailr.Silo.Redis;
using StackExchange.Redis;

namespace Mailr.Tests.Suppression;

/// <summary>A host whose list is the Redis one with nothing listening on its port, as in Redis mode while Redis is down.</summary>
public sealed class SuppressionStoreDownFixture : IAsyncLifetime
{
    private readonly IConnectionMultiplexer _unreachable = RedisMessageStoreConnection.Connect($"127.0.0.1:{FreePort.Next()},abortConnect=false,connectTimeout=200");

    public MailrApiFactory Factory { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Factory = new MailrApiFactory(services: s =>
        {
            s.AddSingleton<ISuppressionList>(new RedisSuppressionList(_unreachable, "down"));
            s.AddSingleton(new InfrastructureFailureType(typeof(RedisException)));
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _unreachable.DisposeAsync();
    }
}

public sealed class SuppressionStoreDownTests(SuppressionStoreDownFixture fixture) : IClassFixture<SuppressionStoreDownFixture>
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", "/suppressions" },
        { "GET", "/suppressions/jay%40example.com" },
        { "PUT", "/suppressions/jay%40example.com" },
        { "DELETE", "/suppressions/jay%40example.com" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Call_RedisDown_Returns503WithRetryAfter(string method, string path)
    {
        using var client = fixture.Factory.CreateClient();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await MailrClient.AssertErrorAsync(response, HttpStatusCode.ServiceUnavailable, "Try again");
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
    }
}
