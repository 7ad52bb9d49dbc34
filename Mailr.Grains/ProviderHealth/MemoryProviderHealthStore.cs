using System.Collections.Concurrent;

namespace Mailr.Grains.ProviderHealth;

/// <summary>The embedded store: the silo's memory (one silo, nothing survives a restart).</summary>
public sealed class MemoryProviderHealthStore : IProviderHealthStore
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _disabled = new();

    public Task<DateTimeOffset?> GetDisabledAsync(string provider) =>
        Task.FromResult(_disabled.TryGetValue(provider, out var since) ? since : (DateTimeOffset?)null);

    public Task SetDisabledAsync(string provider, DateTimeOffset? since)
    {
        if (since is { } value)
        {
            _disabled[provider] = value;
        }
        else
        {
            _disabled.TryRemove(provider, out _);
        }

        return Task.CompletedTask;
    }
}
