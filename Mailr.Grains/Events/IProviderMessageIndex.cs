using System.Collections.Concurrent;

namespace Mailr.Grains.Events;

/// <summary>
/// Which Mailr message a provider's message id belongs to, for the events that carry only the provider's id (SES
/// identity notifications, a webhook of an account whose sends lost their metadata). Written from each send answer
/// that named an id, of a provider whose webhook is on; kept as long as the message's record.
/// </summary>
public interface IProviderMessageIndex
{
    /// <summary>Records that <paramref name="provider"/>'s ids <paramref name="keys"/> (see <see cref="ProviderMessageIds.Keys"/>) are <paramref name="messageId"/>, until <paramref name="until"/>.</summary>
    Task AddAsync(string provider, IReadOnlyCollection<string> keys, string messageId, DateTimeOffset until);

    /// <summary>The Mailr message id of each key, or null, in one round trip.</summary>
    Task<IReadOnlyList<string?>> FindAsync(string provider, IReadOnlyList<string> keys);
}

/// <summary>The forms in which a provider names one message in its send answer and in its events.</summary>
public static class ProviderMessageIds
{
    /// <summary>
    /// The keys a provider's id is indexed and looked up by: without Mailgun's angle brackets, each of Mandrill's
    /// comma-joined per-recipient ids, and SendGrid's <c>X-Message-Id</c> before the first <c>.</c> of an event's
    /// <c>sg_message_id</c>.
    /// </summary>
    public static IReadOnlyList<string> Keys(string providerType, string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return [];
        }

        var parts = raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Trim('<', '>'))
            .Select(p => providerType.Equals("SendGrid", StringComparison.OrdinalIgnoreCase) && p.IndexOf('.') is > 0 and var dot ? p[..dot] : p)
            .Where(p => p.Length is > 0 and <= 512);
        return [.. parts.Distinct(StringComparer.Ordinal)];
    }
}

/// <summary>The index in memory, for the embedded default (one process).</summary>
internal sealed class MemoryProviderMessageIndex(TimeProvider clock) : IProviderMessageIndex
{
    private readonly ConcurrentDictionary<string, (string MessageId, DateTimeOffset Until)> _ids = new(StringComparer.Ordinal);

    public Task AddAsync(string provider, IReadOnlyCollection<string> keys, string messageId, DateTimeOffset until)
    {
        var now = clock.GetUtcNow();
        foreach (var key in keys)
        {
            _ids[$"{provider}\n{key}"] = (messageId, until);
        }

        if (_ids.Count % 1024 == 0)
        {
            foreach (var (key, entry) in _ids)
            {
                if (entry.Until <= now)
                {
                    _ids.TryRemove(key, out _);
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string?>> FindAsync(string provider, IReadOnlyList<string> keys)
    {
        var now = clock.GetUtcNow();
        return Task.FromResult<IReadOnlyList<string?>>([.. keys.Select(k => _ids.TryGetValue($"{provider}\n{k}", out var e) && e.Until > now ? e.MessageId : null)]);
    }
}
