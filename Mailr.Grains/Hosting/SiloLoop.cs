using Orleans.Runtime;

namespace Mailr.Grains.Hosting;

/// <summary>Work each silo does every <paramref name="interval"/>, from the moment it is active until it stops.</summary>
internal abstract class SiloLoop(TimeSpan interval, bool runAtStart) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(GetType().Name, ServiceLifecycleStage.Active,
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

    /// <summary>One round of the work; it handles its own failures (the loop goes on).</summary>
    protected abstract Task TickAsync(CancellationToken stopping);

    private async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            if (runAtStart)
            {
                await TickAsync(stopping);
            }

            while (await timer.WaitForNextTickAsync(stopping))
            {
                await TickAsync(stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }
}
