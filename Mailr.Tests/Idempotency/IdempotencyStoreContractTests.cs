namespace Mailr.Tests.Idempotency;

/// <summary>The rules every <see cref="IIdempotencyStore"/> keeps; each store's test class runs them all.</summary>
public abstract class IdempotencyStoreContractTests
{
    protected static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    protected static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    protected DateTimeOffset Now { get; } = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    protected abstract IIdempotencyStore Store { get; }

    [Fact]
    public async Task ClaimAsync_NewKey_ClaimedWithEntryId()
    {
        var entry = NewEntry();

        var claim = await Store.ClaimAsync(NewKey(), entry, Now, Now + Lease);

        Assert.Equal(new IdempotencyClaim(IdempotencyClaimStatus.Claimed, entry.MessageId), claim);
    }

    [Fact]
    public async Task ClaimAsync_SameFingerprintWithinLease_PendingWithReservedId()
    {
        var key = NewKey();
        var first = NewEntry();
        await Store.ClaimAsync(key, first, Now, Now + Lease);

        var claim = await Store.ClaimAsync(key, Retry(first), Now + Lease - TimeSpan.FromMilliseconds(1), Now + Lease + Lease);

        Assert.Equal(new IdempotencyClaim(IdempotencyClaimStatus.Pending, first.MessageId), claim);
    }

    [Fact]
    public async Task ClaimAsync_DifferentFingerprintWhilePending_Mismatch()
    {
        var key = NewKey();
        var first = NewEntry();
        await Store.ClaimAsync(key, first, Now, Now + Lease);

        var claim = await Store.ClaimAsync(key, NewEntry(), Now, Now + Lease);

        Assert.Equal(new IdempotencyClaim(IdempotencyClaimStatus.Mismatch, first.MessageId), claim);
    }

    [Fact]
    public async Task ClaimAsync_AfterComplete_DoneWithRecordedId()
    {
        var key = NewKey();
        var first = NewEntry();
        await Store.ClaimAsync(key, first, Now, Now + Lease);
        await Store.CompleteAsync(key, first);

        var claim = await Store.ClaimAsync(key, Retry(first), Now + TimeSpan.FromHours(1), Now + TimeSpan.FromHours(1) + Lease);

        Assert.Equal(new IdempotencyClaim(IdempotencyClaimStatus.Done, first.MessageId), claim);
    }

    [Fact]
    public async Task ClaimAsync_DifferentFingerprintAfterComplete_Mismatch()
    {
        var key = NewKey();
        var first = NewEntry();
        await Store.ClaimAsync(key, first, Now, Now + Lease);
        await Store.CompleteAsync(key, first);

        var claim = await Store.ClaimAsync(key, NewEntry(), Now, Now + Lease);

        Assert.Equal(new IdempotencyClaim(IdempotencyClaimStatus.Mismatch, first.MessageId), claim);
    }

    [Fact]
    public async Task ClaimAsync_AfterLeaseRanOut_TakesOverWithReservedId()
    {
        var key = NewKey();
        var first = NewEntry();
        await Store.ClaimAsync(key, first, Now, Now + Lease);
        var later = Now + Lease;

        var takeover = await Store.ClaimAsync(key, Retry(first), later, later + Lease);
        var during = await Store.ClaimAsync(key, Retry(first), later + Lease - TimeSpan.FromMilliseconds(1), later + Lease + Lease);

        Assert.Equal(new IdempotencyClaim(IdempotencyClaimStatus.Claimed, first.MessageId), takeover);
        Assert.Equal(new IdempotencyClaim(IdempotencyClaimStatus.Pending, first.MessageId), during);
    }

    [Fact]
    public async Task ClaimAsync_TakeoverHoursLater_KeyLivesUntilTakenOverMessageExpires()
    {
        var key = NewKey();
        var first = NewEntry();
        await Store.ClaimAsync(key, first, Now, Now + Lease);
        var later = Now + TimeSpan.FromHours(2);
        var retry = first with { MessageId = MessageId.New(), ExpiresAt = later + Retention };
        await Store.ClaimAsync(key, retry, later, later + Lease);
        await Store.CompleteAsync(key, first);

        var afterFirstExpiry = await Store.ClaimAsync(key, Retry(first), first.ExpiresAt, first.ExpiresAt + Lease);
        var atRetryExpiry = await Store.ClaimAsync(key, Retry(first), retry.ExpiresAt, retry.ExpiresAt + Lease);

        Assert.Equal(new IdempotencyClaim(IdempotencyClaimStatus.Done, first.MessageId), afterFirstExpiry);
        Assert.Equal(IdempotencyClaimStatus.Claimed, atRetryExpiry.Status);
        Assert.NotEqual(first.MessageId, atRetryExpiry.MessageId);
    }

    [Fact]
    public async Task CompleteAsync_AfterTakeover_DoneWithReservedId()
    {
        var key = NewKey();
        var first = NewEntry();
        await Store.ClaimAsync(key, first, Now, Now + Lease);
        await Store.ClaimAsync(key, Retry(first), Now + Lease, Now + Lease + Lease);

        await Store.CompleteAsync(key, first);
        var claim = await Store.ClaimAsync(key, Retry(first), Now + Lease, Now + Lease + Lease);

        Assert.Equal(new IdempotencyClaim(IdempotencyClaimStatus.Done, first.MessageId), claim);
    }

    [Fact]
    public async Task ClaimAsync_JustBeforeExpiresAt_StillDone()
    {
        var key = NewKey();
        var first = NewEntry();
        await Store.ClaimAsync(key, first, Now, Now + Lease);
        await Store.CompleteAsync(key, first);
        var justBefore = first.ExpiresAt - TimeSpan.FromMilliseconds(1);

        var claim = await Store.ClaimAsync(key, Retry(first), justBefore, justBefore + Lease);

        Assert.Equal(new IdempotencyClaim(IdempotencyClaimStatus.Done, first.MessageId), claim);
    }

    [Fact]
    public async Task ClaimAsync_AtExpiresAt_ClaimedWithNewId()
    {
        var key = NewKey();
        var first = NewEntry();
        await Store.ClaimAsync(key, first, Now, Now + Lease);
        await Store.CompleteAsync(key, first);
        var second = Retry(first);

        var claim = await Store.ClaimAsync(key, second, first.ExpiresAt, first.ExpiresAt + Lease);
        var again = await Store.ClaimAsync(key, Retry(first), first.ExpiresAt, first.ExpiresAt + Lease);

        Assert.Equal(new IdempotencyClaim(IdempotencyClaimStatus.Claimed, second.MessageId), claim);
        Assert.NotEqual(first.MessageId, second.MessageId);
        Assert.Equal(new IdempotencyClaim(IdempotencyClaimStatus.Pending, second.MessageId), again);
    }

    [Fact]
    public async Task ClaimAsync_DifferentFingerprintAfterExpiresAt_Claimed()
    {
        var key = NewKey();
        var first = NewEntry();
        await Store.ClaimAsync(key, first, Now, Now + Lease);
        await Store.CompleteAsync(key, first);
        var other = NewEntry(expiresAt: first.ExpiresAt + Retention);

        var claim = await Store.ClaimAsync(key, other, first.ExpiresAt, first.ExpiresAt + Lease);

        Assert.Equal(new IdempotencyClaim(IdempotencyClaimStatus.Claimed, other.MessageId), claim);
    }

    [Fact]
    public async Task ClaimAsync_OtherKey_Independent()
    {
        var key = NewKey();
        var first = NewEntry();
        await Store.ClaimAsync(key, first, Now, Now + Lease);
        await Store.CompleteAsync(key, first);
        var other = NewEntry();

        var claim = await Store.ClaimAsync(NewKey(), other, Now, Now + Lease);

        Assert.Equal(new IdempotencyClaim(IdempotencyClaimStatus.Claimed, other.MessageId), claim);
    }

    [Fact]
    public async Task ReleaseAsync_PendingClaim_NextClaimTakesOverWithReservedId()
    {
        var key = NewKey();
        var first = NewEntry();
        await Store.ClaimAsync(key, first, Now, Now + Lease);

        await Store.ReleaseAsync(key, first.MessageId);
        var takeover = await Store.ClaimAsync(key, Retry(first), Now, Now + Lease);
        var during = await Store.ClaimAsync(key, Retry(first), Now, Now + Lease);

        Assert.Equal(new IdempotencyClaim(IdempotencyClaimStatus.Claimed, first.MessageId), takeover);
        Assert.Equal(new IdempotencyClaim(IdempotencyClaimStatus.Pending, first.MessageId), during);
    }

    [Fact]
    public async Task ReleaseAsync_PendingClaim_OtherMessageStillMismatch()
    {
        var key = NewKey();
        var first = NewEntry();
        await Store.ClaimAsync(key, first, Now, Now + Lease);

        await Store.ReleaseAsync(key, first.MessageId);
        var claim = await Store.ClaimAsync(key, NewEntry(), Now, Now + Lease);

        Assert.Equal(new IdempotencyClaim(IdempotencyClaimStatus.Mismatch, first.MessageId), claim);
    }

    [Fact]
    public async Task ReleaseAsync_OtherMessageId_KeepsClaim()
    {
        var key = NewKey();
        var first = NewEntry();
        await Store.ClaimAsync(key, first, Now, Now + Lease);

        await Store.ReleaseAsync(key, MessageId.New());
        var claim = await Store.ClaimAsync(key, Retry(first), Now, Now + Lease);

        Assert.Equal(new IdempotencyClaim(IdempotencyClaimStatus.Pending, first.MessageId), claim);
    }

    [Fact]
    public async Task ReleaseAsync_Done_KeepsRecord()
    {
        var key = NewKey();
        var first = NewEntry();
        await Store.ClaimAsync(key, first, Now, Now + Lease);
        await Store.CompleteAsync(key, first);

        await Store.ReleaseAsync(key, first.MessageId);
        var claim = await Store.ClaimAsync(key, Retry(first), Now, Now + Lease);

        Assert.Equal(new IdempotencyClaim(IdempotencyClaimStatus.Done, first.MessageId), claim);
    }

    [Fact]
    public async Task CompleteAsync_AfterRelease_MarksDone()
    {
        var key = NewKey();
        var first = NewEntry();
        await Store.ClaimAsync(key, first, Now, Now + Lease);
        await Store.ReleaseAsync(key, first.MessageId);

        await Store.CompleteAsync(key, first);
        var claim = await Store.ClaimAsync(key, Retry(first), Now, Now + Lease);
        var other = await Store.ClaimAsync(key, NewEntry(), Now, Now + Lease);

        Assert.Equal(new IdempotencyClaim(IdempotencyClaimStatus.Done, first.MessageId), claim);
        Assert.Equal(new IdempotencyClaim(IdempotencyClaimStatus.Mismatch, first.MessageId), other);
    }

    [Fact]
    public async Task CompleteAsync_LateForExpiredKeyClaimedAgain_LeavesNewClaimPending()
    {
        var key = NewKey();
        var first = NewEntry();
        await Store.ClaimAsync(key, first, Now, Now + Lease);
        var second = NewEntry(expiresAt: first.ExpiresAt + Retention);
        await Store.ClaimAsync(key, second, first.ExpiresAt, first.ExpiresAt + Lease);

        await Store.CompleteAsync(key, first);
        var claim = await Store.ClaimAsync(key, Retry(second), first.ExpiresAt, first.ExpiresAt + Lease);

        Assert.Equal(new IdempotencyClaim(IdempotencyClaimStatus.Pending, second.MessageId), claim);
    }

    protected static string NewKey() => $"k-{Guid.NewGuid():N}";

    protected IdempotencyEntry NewEntry(DateTimeOffset? expiresAt = null) =>
        new($"f-{Guid.NewGuid():N}", MessageId.New(), expiresAt ?? Now + Retention);

    /// <summary>The same message asked for again: same fingerprint, a freshly drawn id and expiry of its own.</summary>
    protected static IdempotencyEntry Retry(IdempotencyEntry first) => first with { MessageId = MessageId.New(), ExpiresAt = first.ExpiresAt + Retention };
}
