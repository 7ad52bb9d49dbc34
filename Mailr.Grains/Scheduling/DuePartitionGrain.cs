using Mailr.Grains.Messages;
using Mailr.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace Mailr.Grains.Scheduling;

/// <summary>
/// Wakes the due messages of one partition: every <see cref="PollInterval"/> it claims the entries
/// whose time has come (a retry, or the lease of a call whose process died) and sends each message a
/// one-way wake-up. Claiming pushes an entry <see cref="ClaimFor"/> ahead, so a wake-up that is lost
/// (its silo dies) is made again, and the message moves or removes its entry when it acts. Its one
/// reminder is what makes it durable: it re-activates the partition wherever the cluster places it.
/// </summary>
internal sealed partial class DuePartitionGrain(
    IMessageStore store,
    IOptions<ReminderOptions> reminders,
    [FromKeyedServices(GrainNames.Clock)] TimeProvider clock,
    ILogger<DuePartitionGrain> logger) : Grain, IDuePartitionGrain, IRemindable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan ClaimFor = TimeSpan.FromSeconds(10);

    /// <summary>The most wake-ups sent per poll (the rest wait for the next one, a second later).</summary>
    public const int BatchSize = 1000;

    private bool _hasReminder;

    private int Partition => (int)this.GetPrimaryKeyLong();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(static (grain, _) => grain.PollAsync(), this, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
            Period = PollInterval,
            Interleave = false,
            KeepAlive = true,
        });
        return Task.CompletedTask;
    }

    Task IDuePartitionGrain.EnsureActiveAsync() => Task.CompletedTask;

    Task IRemindable.ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    private async Task PollAsync()
    {
        try
        {
            await EnsureReminderAsync();
            var due = await store.ClaimDueAsync(Partition, clock.GetUtcNow(), ClaimFor, BatchSize);
            foreach (var id in due)
            {
                await GrainFactory.GetGrain<IMessageGrain>(id).WakeAsync();
            }

            if (due.Count > 0)
            {
                LogWoke(Partition, due.Count);
            }
        }
        catch (Exception e)
        {
            // Storage unreachable: the entries stay due, the next poll tries again.
            LogPollFailed(e, Partition);
        }
    }

    private async Task EnsureReminderAsync()
    {
        if (_hasReminder)
        {
            return;
        }

        // Registered from the first poll, not during activation: the reminder service may still be starting.
        var period = reminders.Value.MinimumReminderPeriod;
        await this.RegisterOrUpdateReminder(GrainNames.PartitionReminder, period, period);
        _hasReminder = true;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Partition {Partition}: woke {Count} due messages")]
    private partial void LogWoke(int partition, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partition {Partition}: could not read its due messages; trying again at the next poll")]
    private partial void LogPollFailed(Exception exception, int partition);
}
