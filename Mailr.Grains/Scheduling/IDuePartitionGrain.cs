namespace Mailr.Grains.Scheduling;

/// <summary>
/// One partition of the due index (key: the partition number, 0 to <see cref="Storage.MessagePartitions.Count"/> - 1).
/// While active it polls its due entries and wakes those messages; one reminder brings it back after
/// a restart or its silo's death.
/// </summary>
[Alias("mailr.IDuePartitionGrain")]
public interface IDuePartitionGrain : IGrainWithIntegerKey
{
    /// <summary>Activates the partition if it is not (each silo calls every partition now and then).</summary>
    [Alias("ensure-active")]
    Task EnsureActiveAsync();
}
