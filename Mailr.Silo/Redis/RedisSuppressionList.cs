using Mailr.Grains.Messages;
using Mailr.Grains.Suppression;
using StackExchange.Redis;

namespace Mailr.Silo.Redis;

/// <summary>
/// Each key's suppression list in Redis, as two keys that never expire and share the owner as their hash tag (one slot
/// on Redis Cluster, so every script is legal there):
/// <list type="bullet">
/// <item><c>{service}:suppr:{owner:name}</c>: a hash, field the lowercase address, value the reason's letter
/// (<c>b</c>, <c>c</c>, <c>m</c>) and <c>since</c> as 13 digits of Unix ms (<c>b1767225600000</c>).</item>
/// <item><c>{service}:suppr:{owner:name}:order</c>: a sorted set, every score 0, member the entry's position
/// (<see cref="SuppressionOrder"/>), so <c>ZRANGEBYLEX</c> pages oldest first from any cursor in O(log n).</item>
/// </list>
/// Open mode's owner "" is <c>{owner:}</c>. Adding and removing are one script each (both keys or neither); a look-up
/// of any number of addresses is one <c>HMGET</c>.
/// </summary>
public sealed class RedisSuppressionList(IConnectionMultiplexer redis, string serviceId) : ISuppressionList
{
    private const string AddScript = """
        if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
        redis.call('ZADD', KEYS[2], 0, ARGV[3])
        return 1
        """;

    private const string RemoveScript = """
        local v = redis.call('HGET', KEYS[1], ARGV[1])
        if not v then return 0 end
        redis.call('HDEL', KEYS[1], ARGV[1])
        redis.call('ZREM', KEYS[2], string.sub(v, 2) .. ':' .. ARGV[1])
        return 1
        """;

    private const string ListScript = """
        local positions = redis.call('ZRANGEBYLEX', KEYS[2], ARGV[1], '+', 'LIMIT', 0, ARGV[2])
        local page = {}
        for i, p in ipairs(positions) do
          page[2 * i - 1] = p
          page[2 * i] = redis.call('HGET', KEYS[1], string.sub(p, ARGV[3])) or ''
        end
        return page
        """;

    private readonly IDatabase _db = redis.GetDatabase();

    public async Task<IReadOnlyDictionary<string, SuppressionEntry>> FindAsync(string owner, IReadOnlyCollection<string> emails)
    {
        var keys = emails.Select(Mailbox.KeyOf).Distinct(StringComparer.Ordinal).ToArray();
        var found = new Dictionary<string, SuppressionEntry>(StringComparer.Ordinal);
        if (keys.Length == 0)
        {
            return found;
        }

        var values = await _db.HashGetAsync(EntriesKey(owner), [.. keys.Select(k => (RedisValue)k)]);
        for (var i = 0; i < keys.Length; i++)
        {
            if (!values[i].IsNull)
            {
                found[keys[i]] = Read(keys[i], values[i]!);
            }
        }

        return found;
    }

    public async Task<bool> AddAsync(string owner, SuppressionEntry entry)
    {
        entry = SuppressionOrder.Normalise(entry);
        var added = await _db.ScriptEvaluateAsync(AddScript, [EntriesKey(owner), OrderKey(owner)],
            [entry.Email, Value(entry), SuppressionOrder.Position(entry)]);
        return (int)added == 1;
    }

    public async Task<SuppressionEntry?> GetAsync(string owner, string email)
    {
        var key = Mailbox.KeyOf(email);
        var value = await _db.HashGetAsync(EntriesKey(owner), key);
        return value.IsNull ? null : Read(key, value!);
    }

    public async Task<bool> RemoveAsync(string owner, string email) =>
        (int)await _db.ScriptEvaluateAsync(RemoveScript, [EntriesKey(owner), OrderKey(owner)], [Mailbox.KeyOf(email)]) == 1;

    public async Task<SuppressionPage> ListAsync(string owner, int limit, string? after)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var from = SuppressionOrder.PositionAfter(after) is { } position ? "(" + position : "-";
        var page = (RedisValue[])(await _db.ScriptEvaluateAsync(ListScript, [EntriesKey(owner), OrderKey(owner)],
            [from, limit + 1, SuppressionOrder.SinceDigits + 2]))!;
        var items = new List<SuppressionEntry>(Math.Min(limit, page.Length / 2));
        string? last = null;
        for (var i = 0; i + 1 < page.Length && items.Count < limit; i += 2)
        {
            last = page[i]!;
            if (page[i + 1] is { IsNullOrEmpty: false } value)
            {
                items.Add(Read(SuppressionOrder.EmailOf(last), value!));
            }
        }

        return new SuppressionPage(items, page.Length / 2 > limit ? SuppressionOrder.Cursor(last!) : null);
    }

    /// <summary>The hash of an owner's entries (public for tests and the memory measurement).</summary>
    public RedisKey EntriesKey(string owner) => $"{serviceId}:suppr:{{owner:{owner}}}";

    /// <summary>The sorted set that orders an owner's entries.</summary>
    public RedisKey OrderKey(string owner) => $"{serviceId}:suppr:{{owner:{owner}}}:order";

    private static string Value(SuppressionEntry entry) => ReasonLetter(entry.Reason) + SuppressionOrder.Since(entry.Since);

    private static SuppressionEntry Read(string email, string value) =>
        new(email, ReasonOf(value[0]), DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(value.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture)));

    private static string ReasonLetter(SuppressionReason reason) => reason switch
    {
        SuppressionReason.Bounced => "b",
        SuppressionReason.Complained => "c",
        SuppressionReason.Manual => "m",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    private static SuppressionReason ReasonOf(char letter) => letter switch
    {
        'b' => SuppressionReason.Bounced,
        'c' => SuppressionReason.Complained,
        _ => SuppressionReason.Manual,
    };
}
