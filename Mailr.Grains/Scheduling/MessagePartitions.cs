namespace Mailr.Grains.Scheduling;

/// <summary>
/// The fixed split of messages into partitions: each partition has one due index and one grain with
/// one reminder that wakes its due messages. The count is part of the stored layout (it is in every
/// key), so it is a constant, not a setting.
/// </summary>
public static class MessagePartitions
{
    public const int Count = 32;

    /// <summary>How long a record outlives its expiry in the store; lookups keep the exact boundary in code.</summary>
    public static readonly TimeSpan ExpiryGrace = TimeSpan.FromMinutes(1);

    /// <summary>The partition of a message id (FNV-1a over its characters: stable across processes and versions).</summary>
    public static int Of(string id)
    {
        var hash = 2166136261u;
        foreach (var c in id)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % Count);
    }
}
