using System.Diagnostics;
using StackExchange.Redis;

namespace Mailr.Tests.Fixtures;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, with AOF on and <c>noeviction</c> as Mailr
/// requires, in a temporary folder. Started once per collection and killed afterwards.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mailr-redis-").FullName;
    private Process? _process;

    public int Port { get; } = FreePort.Next();

    public string ConnectionString => $"127.0.0.1:{Port}";

    public ConnectionMultiplexer Connection { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new List<string>();
        var start = new ProcessStartInfo("redis-server",
            ["--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", _directory, "--save", "", "--appendonly", "yes", "--maxmemory-policy", "noeviction"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            _process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("redis-server is not installed (apt-get install -y redis-server); the Redis tests need a real server.", e);
        }

        _process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.Add(e.Data ?? "");
            }

            if (e.Data?.Contains("Ready to accept connections", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        _process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"redis-server exited: {string.Join('\n', output)}"));
        _process.EnableRaisingEvents = true;
        _process.BeginOutputReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
    }

    /// <summary>The keys and reminder entries that mention <paramref name="id"/>.</summary>
    public async Task<IReadOnlyList<string>> FindAsync(string id)
    {
        var server = Connection.GetServer(ConnectionString);
        var found = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: "*"))
        {
            if (key.ToString().Contains(id, StringComparison.Ordinal))
            {
                found.Add(key.ToString());
            }
            else if (await Connection.GetDatabase().KeyTypeAsync(key) == RedisType.SortedSet)
            {
                var members = await Connection.GetDatabase().SortedSetRangeByRankAsync(key);
                found.AddRange(members.Select(m => m.ToString()).Where(m => m.Contains(id, StringComparison.Ordinal)).Select(m => $"{key}: {m}"));
            }
        }

        return found;
    }

    public async Task DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }

        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServerFixture>
{
    public const string Name = "redis";
}
