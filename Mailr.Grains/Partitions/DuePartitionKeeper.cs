using Mailr.Grains.Storage;
using Orleans.Runtime;

namespace Mailr.Grains.Partitions;

/// <summary>
/// Keeps every due partition active: once this silo is active, and every <see cref="Interval"/> after,
/// it calls each partition grain. A partition whose silo died is so re-activated on a live silo within
/// one interval of the death being declared, without waiting for its reminder.
/// </summary>
public sealed partial class DuePartitionKeeper(IGrainFactory grains, ILogger<DuePartitionKeeper> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(nameof(DuePartitionKeeper), ServiceLifecycleStage.Active,
        _ =>
        {
            _loop = Task.Run(() => RunAsync(_stopping.Token));
            return Task.CompletedTask;
        },
        async _ =>
        {
            await _stopping.CancelAsync();
            if (_loop is not null)
            {
                await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        });

    private async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
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
            while (await timer.WaitForNextTickAsync(stopping));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not reach due partition {Partition}; trying again shortly")]
    private partial void LogEnsureFailed(Exception exception, int partition);
}
