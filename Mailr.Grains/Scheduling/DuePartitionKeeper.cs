using Mailr.Grains.Hosting;

namespace Mailr.Grains.Scheduling;

/// <summary>
/// Keeps every due partition active: once this silo is active, and every <see cref="Interval"/> after,
/// it calls each partition grain. A partition whose silo died is so re-activated on a live silo within
/// one interval of the death being declared, without waiting for its reminder.
/// </summary>
internal sealed partial class DuePartitionKeeper(IGrainFactory grains, ILogger<DuePartitionKeeper> logger) : SiloLoop(Interval, runAtStart: true)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task TickAsync(CancellationToken stopping)
    {
        for (var partition = 0; partition < MessagePartitions.Count; partition++)
        {
            try
            {
                await grains.GetGrain<IDuePartitionGrain>(partition).EnsureActiveAsync();
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                LogEnsureFailed(e, partition);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not reach due partition {Partition}; trying again shortly")]
    private partial void LogEnsureFailed(Exception exception, int partition);
}
