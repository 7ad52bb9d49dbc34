using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Mailr.Silo.Redis;

/// <summary>
/// Runs before the silo starts in Redis mode and refuses to start when Redis could lose accepted
/// messages, unless <c>Mailr:Redis:AllowUnsafeSettings</c> says to start anyway.
/// </summary>
public sealed partial class RedisSettingsGuard(string connectionString, IOptions<RedisOptions> options, ILogger<RedisSettingsGuard> logger) : IHostedService
{
    private static readonly string[] s_settings = ["maxmemory-policy", "appendonly", "appendfsync", "save"];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> problems;
        Dictionary<string, string> settings;
        try
        {
            var configuration = ConfigurationOptions.Parse(connectionString);
            configuration.AllowAdmin = true;
            await using var redis = await ConnectionMultiplexer.ConnectAsync(configuration);
            var server = redis.GetServer(redis.GetEndPoints()[0]);
            settings = [];
            foreach (var name in s_settings)
            {
                foreach (var pair in await server.ConfigGetAsync(name))
                {
                    settings[pair.Key] = pair.Value;
                }
            }

            problems = RedisSettingsCheck.Problems(settings);
        }
        catch (Exception e) when (e is RedisException or RedisCommandException or TimeoutException)
        {
            problems = [$"could not read the Redis settings ({e.GetType().Name}: {e.Message})"];
            settings = [];
        }

        if (RedisSettingsCheck.Caveat(settings) is { } caveat)
        {
            LogCaveat(caveat);
        }

        if (problems.Count == 0)
        {
            return;
        }

        var message = string.Join("; ", problems);
        if (options.Value.AllowUnsafeSettings)
        {
            LogUnsafe(message);
            return;
        }

        throw new InvalidOperationException(
            $"Mailr will not start on this Redis: {message}. Fix the Redis settings, or set Mailr:Redis:AllowUnsafeSettings=true to start anyway and accept that messages may be lost.");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Critical, Message = "UNSAFE REDIS: {Problems}. Starting anyway because Mailr:Redis:AllowUnsafeSettings is true: accepted messages may be lost.")]
    private partial void LogUnsafe(string problems);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis: {Caveat}")]
    private partial void LogCaveat(string caveat);
}
