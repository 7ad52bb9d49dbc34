using StackExchange.Redis;

namespace Mailr.Silo.Redis;

public static class RedisMessageStoreConnection
{
    /// <summary>
    /// The message store's connection. It never aborts on a failed connect (the silo starts and
    /// reconnects by itself), and while Redis is unreachable commands fail at once instead of queueing:
    /// an accept then answers 503 straight away rather than after a timeout.
    /// </summary>
    public static IConnectionMultiplexer Connect(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;

        // Completions on the .NET thread pool instead of the client's own threads: on a small machine the
        // extra threads cost more in context switches than they save (measured: BENCHMARKS.md).
        options.SocketManager = SocketManager.ThreadPool;
        return ConnectionMultiplexer.Connect(options);
    }
}
