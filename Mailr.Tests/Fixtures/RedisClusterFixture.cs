using StackExchange.Redis;

namespace Mailr.Tests.Fixtures;

/// <summary>
/// A one-node Redis Cluster (every slot on one <c>redis-server</c>): enough for Redis to refuse what a cluster refuses,
/// such as a command or script whose keys hash to different slots (CROSSSLOT).
/// </summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    public RedisServer Server { get; private set; } = null!;

    public string ConnectionString => Server.ConnectionString;

    public async Task InitializeAsync()
    {
        Server = await RedisServer.StartAsync(["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-announce-ip", "127.0.0.1", .. RedisServer.SafeSettings]);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(Server.ConnectionString);
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        await server.ExecuteAsync("CLUSTER", "ADDSLOTSRANGE", 0, 16383);

        // The node declares the cluster up on its next cron tick (every 100 ms); there is no event to wait on.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!((string)(await server.ExecuteAsync("CLUSTER", "INFO"))!).Contains("cluster_state:ok", StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The one-node Redis Cluster did not reach cluster_state:ok within 20 s.");
            }

            await Task.Delay(50);
        }
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisClusterFixture>
{
    public const string Name = "redis-cluster";
}
