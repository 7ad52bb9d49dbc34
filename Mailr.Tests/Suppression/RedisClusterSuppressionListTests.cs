using Mailr.Grains.Suppression;
using Mailr.Silo.Redis;
using StackExchange.Redis;

namespace Mailr.Tests.Suppression;

/// <summary>The contract on Redis Cluster, which refuses a script whose keys are not in one slot.</summary>
[Collection(RedisClusterCollection.Name), Trait("Category", "Processes")]
public sealed class RedisClusterSuppressionListTests(RedisClusterFixture cluster) : SuppressionListContractTests, IAsyncLifetime
{
    private IConnectionMultiplexer _connection = null!;
    private RedisSuppressionList _list = null!;

    protected override ISuppressionList List => _list;

    public Task InitializeAsync()
    {
        _connection = RedisMessageStoreConnection.Connect(cluster.ConnectionString);
        _list = new RedisSuppressionList(_connection, $"suppr-{Guid.NewGuid():N}");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    [Fact]
    public async Task Connection_IsToACluster()
    {
        var server = _connection.GetServer(_connection.GetEndPoints()[0]);

        Assert.Equal(ServerType.Cluster, server.ServerType);
        Assert.Contains("cluster_state:ok", (string)(await server.ExecuteAsync("CLUSTER", "INFO"))!);
    }
}
