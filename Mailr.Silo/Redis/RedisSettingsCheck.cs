namespace Mailr.Silo.Redis;

/// <summary>
/// What in a Redis server's settings could lose a message Mailr has answered 202 for: eviction
/// (any <c>maxmemory-policy</c> but <c>noeviction</c> may drop message keys) and no persistence
/// at all (<c>appendonly no</c> and no <c>save</c> rules: a restart loses everything).
/// </summary>
public static class RedisSettingsCheck
{
    public static IReadOnlyList<string> Problems(IReadOnlyDictionary<string, string> settings)
    {
        var problems = new List<string>();
        var policy = settings.GetValueOrDefault("maxmemory-policy", "");
        if (!policy.Equals("noeviction", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"maxmemory-policy is '{policy}': Redis may evict message keys; set it to noeviction");
        }

        var appendOnly = settings.GetValueOrDefault("appendonly", "no").Equals("yes", StringComparison.OrdinalIgnoreCase);
        var save = settings.GetValueOrDefault("save", "").Trim();
        if (!appendOnly && save.Length == 0)
        {
            problems.Add("persistence is off (appendonly no and no save rules): a Redis restart loses every message; set appendonly yes");
        }

        return problems;
    }

    /// <summary>A note for settings that are safe but can lose the last second of writes on power failure.</summary>
    public static string? Caveat(IReadOnlyDictionary<string, string> settings) =>
        settings.GetValueOrDefault("appendonly", "no").Equals("yes", StringComparison.OrdinalIgnoreCase)
        && !settings.GetValueOrDefault("appendfsync", "").Equals("always", StringComparison.OrdinalIgnoreCase)
            ? $"appendfsync is '{settings.GetValueOrDefault("appendfsync", "")}': a power failure can lose about the last second of accepted messages (appendfsync always loses none)"
            : null;
}
