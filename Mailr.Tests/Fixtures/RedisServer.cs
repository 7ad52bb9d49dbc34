using System.Diagnostics;
using StackExchange.Redis;

namespace Mailr.Tests.Fixtures;

/// <summary>
/// A real <c>redis-server</c> process on a free loopback port with its data in a temporary folder.
/// By default it has the settings Mailr requires (AOF on, <c>noeviction</c>); tests may pass others.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public static readonly string[] SafeSettings = ["--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--maxmemory-policy", "noeviction"];

    private readonly string _directory = Directory.CreateTempSubdirectory("mailr-redis-").FullName;
    private readonly string[] _settings;
    private Process? _process;

    private RedisServer(string[] settings) => _settings = settings;

    public int Port { get; } = FreePort.Next();

    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false";

    /// <summary>Host settings for a Mailr silo in Redis mode on <paramref name="connectionString"/>, in a cluster and service of its own.</summary>
    public static Dictionary<string, string?> SiloSettings(string connectionString)
    {
        var service = $"test-{Guid.NewGuid():N}";
        return new()
        {
            ["ConnectionStrings:Redis"] = connectionString,
            ["Orleans:ClusterId"] = service,
            ["Orleans:ServiceId"] = service,
        };
    }

    public static async Task<RedisServer> StartAsync(params string[] settings)
    {
        var server = new RedisServer(settings.Length == 0 ? SafeSettings : settings);
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts the server again on the same port and data folder (after <see cref="KillAsync"/>).</summary>
    public async Task StartAsync()
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new List<string>();
        var start = new ProcessStartInfo("redis-server", ["--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", _directory, .. _settings])
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
    }

    /// <summary>SIGKILL, as a crash or a lost host would.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>The keys and reminder entries that mention <paramref name="id"/>.</summary>
    public async Task<IReadOnlyList<string>> FindAsync(string id)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var database = connection.GetDatabase();
        var found = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: "*"))
        {
            if (key.ToString().Contains(id, StringComparison.Ordinal))
            {
                found.Add(key.ToString());
            }
            else if (await database.KeyTypeAsync(key) == RedisType.SortedSet)
            {
                var members = await database.SortedSetRangeByRankAsync(key);
                found.AddRange(members.Select(m => m.ToString()).Where(m => m.Contains(id, StringComparison.Ordinal)).Select(m => $"{key}: {m}"));
            }
        }

        return found;
    }

    /// <summary>The fields of a message's hash (<c>s</c>: progress, <c>v</c>: version, <c>c</c>: content until finished), or null.</summary>
    public async Task<Dictionary<string, string>?> StoredMessageAsync(string id)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        await foreach (var key in server.KeysAsync(pattern: $"*:m:{id}"))
        {
            var fields = await connection.GetDatabase().HashGetAllAsync(key);
            return fields.ToDictionary(f => f.Name.ToString(), f => f.Value.ToString());
        }

        return null;
    }

    /// <summary>When Redis will delete the key of a message (<c>PEXPIRETIME</c>), or null without a deadline or key.</summary>
    public async Task<DateTimeOffset?> DeadlineAsync(string id)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        await foreach (var key in server.KeysAsync(pattern: $"*:m:{id}"))
        {
            var ms = (long)await connection.GetDatabase().ExecuteAsync("PEXPIRETIME", key);
            return ms > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
