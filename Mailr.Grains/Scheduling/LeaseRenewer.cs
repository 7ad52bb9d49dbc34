using System.Collections.Concurrent;
using Mailr.Grains.Hosting;
using Mailr.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Mailr.Grains.Scheduling;

/// <summary>
/// Keeps the leases of this silo's calls short whatever the providers' timeouts: a message that
/// records a call puts its due entry <see cref="Term"/> ahead and is held here until the call is
/// answered; every <see cref="RenewEvery"/> the leases of the calls held longer than that are pushed
/// <see cref="Term"/> ahead again, in one batch. Calls that answer quickly (nearly all) cost nothing
/// here; when the silo dies the renewals stop, so its calls are taken over one term later instead of
/// one provider timeout later.
/// </summary>
internal sealed partial class LeaseRenewer(IMessageStore store, [FromKeyedServices(GrainNames.Clock)] TimeProvider clock, ILogger<LeaseRenewer> logger)
    : SiloLoop(RenewEvery, runAtStart: false)
{
    public static readonly TimeSpan Term = TimeSpan.FromSeconds(15);

    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _held = new(StringComparer.Ordinal);

    /// <summary>The due time to record with a call that starts now.</summary>
    public DateTimeOffset Hold(string messageId)
    {
        var now = clock.GetUtcNow();
        _held[messageId] = now;
        return now + Term;
    }

    public void Release(string messageId) => _held.TryRemove(messageId, out _);

    /// <summary>Renews the leases held at least <see cref="RenewEvery"/>; returns how many.</summary>
    public async Task<int> RenewAsync()
    {
        var now = clock.GetUtcNow();
        var due = _held.Where(h => now - h.Value >= RenewEvery).Select(h => h.Key).ToList();
        if (due.Count > 0)
        {
            await store.RenewAsync(due, now + Term);
        }

        return due.Count;
    }

    protected override async Task TickAsync(CancellationToken stopping)
    {
        try
        {
            await RenewAsync();
        }
        catch (Exception e)
        {
            // Storage unreachable: a lease may run out and its call count as ambiguous, which is safe.
            LogRenewFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the leases of this silo's provider calls")]
    private partial void LogRenewFailed(Exception exception);
}
