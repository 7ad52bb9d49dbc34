namespace Mailr.Silo.Redis;

/// <summary>The <c>Mailr:Redis</c> section: checks on the Redis server in Redis mode.</summary>
public sealed class RedisOptions
{
    public const string SectionName = "Mailr:Redis";

    /// <summary>
    /// Start even when Redis may evict or lose accepted messages (eviction policy other than
    /// <c>noeviction</c>, or no persistence). Logged as an error at every start.
    /// </summary>
    public bool AllowUnsafeSettings { get; set; }
}
