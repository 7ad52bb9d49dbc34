using Mailr.Grains.Scheduling;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mailr.Tests.Scheduling;

public sealed class LeaseRenewerTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly MemoryMessageStore _store;
    private readonly LeaseRenewer _leases;

    public LeaseRenewerTests()
    {
        _store = new MemoryMessageStore(_clock);
        _leases = new LeaseRenewer(_store, _clock, NullLogger<LeaseRenewer>.Instance);
    }

    [Fact]
    public async Task Renew_CallHeldLongerThanRenewalPeriod_LeasePushedOneTermAhead()
    {
        var id = MessageId.New();
        await CreateAsync(id, _leases.Hold(id));

        _clock.Advance(LeaseRenewer.RenewEvery);
        var renewed = await _leases.RenewAsync();
        _clock.Advance(LeaseRenewer.Term - LeaseRenewer.RenewEvery);
        var atFirstLeaseEnd = await ClaimAsync(id);
        _clock.Advance(LeaseRenewer.RenewEvery);
        var atRenewedLeaseEnd = await ClaimAsync(id);

        Assert.Equal(1, renewed);
        Assert.Empty(atFirstLeaseEnd);
        Assert.Equal([id], atRenewedLeaseEnd);
    }

    [Fact]
    public async Task Renew_CallJustStartedOrReleased_NothingRenewed()
    {
        var released = MessageId.New();
        await CreateAsync(released, _leases.Hold(released));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var fresh = MessageId.New();
        await CreateAsync(fresh, _leases.Hold(fresh));
        _clock.Advance(LeaseRenewer.RenewEvery - TimeSpan.FromMilliseconds(1));
        _leases.Release(released);

        var renewed = await _leases.RenewAsync();

        Assert.Equal(0, renewed);
    }

    [Fact]
    public async Task Renew_MessageFinishedMeanwhile_NotPutBackInDueIndex()
    {
        var id = MessageId.New();
        await CreateAsync(id, _leases.Hold(id));
        await _store.SetDueAsync(id, null);

        _clock.Advance(LeaseRenewer.RenewEvery);
        await _leases.RenewAsync();
        _clock.Advance(LeaseRenewer.Term);

        Assert.Empty(await ClaimAsync(id));
    }

    private async Task CreateAsync(string id, DateTimeOffset dueAt)
    {
        var message = TestMessages.Create();
        await _store.CreateAsync(id, message.Content, MessageState.Create(message, _clock.GetUtcNow(), TimeSpan.FromHours(24), "primary"), dueAt);
    }

    private async Task<IReadOnlyList<string>> ClaimAsync(string id) =>
        await _store.ClaimDueAsync(MessagePartitions.Of(id), _clock.GetUtcNow(), TimeSpan.FromSeconds(10), 100);
}
