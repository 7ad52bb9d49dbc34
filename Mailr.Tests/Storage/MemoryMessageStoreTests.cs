using Mailr.Grains.Scheduling;
namespace Mailr.Tests.Storage;

public sealed class MemoryMessageStoreTests : MessageStoreContractTests
{
    private readonly FakeTimeProvider _clock;
    private readonly MemoryMessageStore _store;

    public MemoryMessageStoreTests()
    {
        _clock = new FakeTimeProvider(Now);
        _store = new MemoryMessageStore(_clock);
    }

    protected override IMessageStore Store => _store;

    [Fact]
    public async Task ReadAsync_JustBeforeDeadline_ReturnsRecord()
    {
        var id = NewId();
        var (state, content) = NewMessage();
        await Store.CreateAsync(id, content, state, Now);

        _clock.SetUtcNow(state.ExpiresAt + MessagePartitions.ExpiryGrace - TimeSpan.FromMilliseconds(1));
        var stored = await Store.ReadAsync(id, withContent: true);

        Assert.NotNull(stored);
        Assert.Equal(1, stored.Version);
        Assert.Equal(content, stored.Content, SameContent.Instance);
    }

    [Fact]
    public async Task ReadAsync_PastDeadline_ReturnsNull()
    {
        var id = NewId();
        var (state, content) = NewMessage();
        await Store.CreateAsync(id, content, state, Now);

        _clock.SetUtcNow(state.ExpiresAt + MessagePartitions.ExpiryGrace);
        var stored = await Store.ReadAsync(id, withContent: true);

        Assert.Null(stored);
    }

    [Fact]
    public async Task UpdateAsync_PastDeadline_ThrowsConflict()
    {
        var id = NewId();
        var (state, content) = NewMessage();
        await Store.CreateAsync(id, content, state, Now);

        _clock.SetUtcNow(state.ExpiresAt + MessagePartitions.ExpiryGrace);
        var update = () => Store.UpdateAsync(id, 1, state, Now, dropContent: false);

        await Assert.ThrowsAsync<MessageConflictException>(update);
    }

    [Fact]
    public async Task ClaimDueAsync_PastDeadline_ForgetsRecordAndDueEntry()
    {
        var id = NewId();
        var (state, content) = NewMessage();
        await Store.CreateAsync(id, content, state, Now);
        var deadline = state.ExpiresAt + MessagePartitions.ExpiryGrace;

        _clock.SetUtcNow(deadline);
        var claimed = await Store.ClaimDueAsync(Partition(id), deadline, ClaimFor, 10);

        Assert.Empty(claimed);
        Assert.Equal(0, _store.Count);
    }

    [Fact]
    public async Task ClaimDueAsync_BeforeDeadline_KeepsRecord()
    {
        var id = NewId();
        var (state, content) = NewMessage();
        await Store.CreateAsync(id, content, state, Now);
        var justBefore = state.ExpiresAt + MessagePartitions.ExpiryGrace - TimeSpan.FromMilliseconds(1);

        _clock.SetUtcNow(justBefore);
        var claimed = await Store.ClaimDueAsync(Partition(id), justBefore, ClaimFor, 10);

        Assert.Equal([id], claimed);
        Assert.Equal(1, _store.Count);
    }

    [Fact]
    public async Task CreateAsync_IdPastDeadline_ReturnsTrueWithFreshRecord()
    {
        var id = NewId();
        var (state, content) = NewMessage();
        await Store.CreateAsync(id, content, state, Now);
        await Store.UpdateAsync(id, 1, state, Now, dropContent: true);
        var later = state.ExpiresAt + MessagePartitions.ExpiryGrace;
        _clock.SetUtcNow(later);
        var (fresh, freshContent) = NewMessage(later);

        var created = await Store.CreateAsync(id, freshContent, fresh, later);
        var stored = await Store.ReadAsync(id, withContent: true);

        Assert.True(created);
        Assert.NotNull(stored);
        Assert.Equal(1, stored.Version);
        Assert.Equal(freshContent, stored.Content, SameContent.Instance);
        Assert.Equal(Json(fresh), Json(stored.State));
    }

    [Fact]
    public async Task DeleteAsync_ExistingId_LowersCount()
    {
        var id = NewId();
        await CreateAsync(id, Now);

        await Store.DeleteAsync(id);

        Assert.Equal(0, _store.Count);
    }
}
