using System.Text;
using Mailr.Grains.Scheduling;

namespace Mailr.Tests.Storage;

/// <summary>The rules every <see cref="IMessageStore"/> keeps; each store's test class runs them all.</summary>
public abstract class MessageStoreContractTests
{
    protected static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    protected static readonly TimeSpan ClaimFor = TimeSpan.FromSeconds(30);

    protected DateTimeOffset Now { get; } = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    protected abstract IMessageStore Store { get; }

    [Fact]
    public async Task CreateAsync_NewId_ReadReturnsStateContentAndVersion1()
    {
        var id = NewId();
        var (state, content) = NewMessage("nishant@example.com", "deepak@example.com");

        var created = await Store.CreateAsync(id, content, state, Now);
        var stored = await Store.ReadAsync(id, withContent: true);

        Assert.True(created);
        Assert.NotNull(stored);
        Assert.Equal(Json(state), Json(stored.State));
        Assert.Equal(content, stored.Content, SameContent.Instance);
        Assert.Equal(1, stored.Version);
    }

    [Fact]
    public async Task CreateAsync_RichContentAndOwner_ReadBackIntact()
    {
        var id = NewId();
        var (state, content) = NewMessage("nishant@example.com");
        state.Owner = "billing";
        var rich = content with
        {
            Html = "<p>Hi</p>",
            ReplyTo = [new Mailbox("support@example.com", "Support")],
            Headers = [new MessageHeader("X-Campaign", "q4")],
            Attachments = [new Attachment("report.pdf", "application/pdf", [0x25, 0x50, 0x44, 0x46, 0x00, 0xFF])],
        };

        await Store.CreateAsync(id, rich, state, Now);
        var stored = await Store.ReadAsync(id, withContent: true);

        Assert.Equal(rich, stored!.Content, SameContent.Instance);
        Assert.NotEqual(content, stored.Content, SameContent.Instance);
        Assert.Equal("billing", stored.State.Owner);
    }

    [Fact]
    public async Task CreateAsync_ExistingId_ReturnsFalseAndKeepsFirstRecord()
    {
        var id = NewId();
        var (first, firstContent) = NewMessage("nishant@example.com");
        var (second, _) = NewMessage("jay@example.com");
        var secondContent = firstContent with { Subject = "Another subject" };
        await Store.CreateAsync(id, firstContent, first, Now + TimeSpan.FromSeconds(10));

        var created = await Store.CreateAsync(id, secondContent, second, Now + TimeSpan.FromSeconds(5));
        var stored = await Store.ReadAsync(id, withContent: true);
        var atSecondDue = await Store.ClaimDueAsync(Partition(id), Now + TimeSpan.FromSeconds(5), ClaimFor, 10);
        var atFirstDue = await Store.ClaimDueAsync(Partition(id), Now + TimeSpan.FromSeconds(10), ClaimFor, 10);

        Assert.False(created);
        Assert.NotNull(stored);
        Assert.Equal(Json(first), Json(stored.State));
        Assert.Equal(firstContent, stored.Content, SameContent.Instance);
        Assert.Equal(1, stored.Version);
        Assert.Empty(atSecondDue);
        Assert.Equal([id], atFirstDue);
    }

    [Fact]
    public async Task ReadAsync_WithoutContent_ReturnsStateAndNullContent()
    {
        var id = NewId();
        var (state, content) = NewMessage();
        await Store.CreateAsync(id, content, state, Now);

        var stored = await Store.ReadAsync(id, withContent: false);

        Assert.NotNull(stored);
        Assert.Null(stored.Content);
        Assert.Equal(Json(state), Json(stored.State));
        Assert.Equal(1, stored.Version);
    }

    [Fact]
    public async Task ReadAsync_UnknownId_ReturnsNull()
    {
        var stored = await Store.ReadAsync(NewId(), withContent: true);

        Assert.Null(stored);
    }

    [Fact]
    public async Task ReadAsync_CreatedPastDeadline_ReturnsNull()
    {
        var id = NewId();
        var (state, content) = NewMessage(acceptedAt: Now - Retention - MessagePartitions.ExpiryGrace - TimeSpan.FromSeconds(1));
        await Store.CreateAsync(id, content, state, Now);

        var stored = await Store.ReadAsync(id, withContent: true);

        Assert.Null(stored);
    }

    [Fact]
    public async Task UpdateAsync_CurrentVersion_ReturnsNextVersionAndStoresState()
    {
        var id = NewId();
        var (state, content) = NewMessage();
        await Store.CreateAsync(id, content, state, Now);
        var sent = Sent(state);

        var version = await Store.UpdateAsync(id, 1, sent, dueAt: null, dropContent: false);
        var stored = await Store.ReadAsync(id, withContent: true);

        Assert.Equal(2, version);
        Assert.NotNull(stored);
        Assert.Equal(Json(sent), Json(stored.State));
        Assert.Equal(content, stored.Content, SameContent.Instance);
        Assert.Equal(2, stored.Version);
    }

    [Fact]
    public async Task UpdateAsync_SuccessiveUpdates_CountVersionsUp()
    {
        var id = NewId();
        var (state, content) = NewMessage();
        await Store.CreateAsync(id, content, state, Now);

        var second = await Store.UpdateAsync(id, 1, state, Now, dropContent: false);
        var third = await Store.UpdateAsync(id, second, state, Now, dropContent: false);
        var fourth = await Store.UpdateAsync(id, third, state, Now, dropContent: false);
        var stored = await Store.ReadAsync(id, withContent: false);

        Assert.Equal([2L, 3L, 4L], [second, third, fourth]);
        Assert.Equal(4, stored?.Version);
    }

    [Fact]
    public async Task UpdateAsync_StaleVersion_ThrowsConflictAndChangesNothing()
    {
        var id = NewId();
        var (state, content) = NewMessage();
        await Store.CreateAsync(id, content, state, Now);
        var retried = Retried(state, Now + TimeSpan.FromSeconds(10));
        await Store.UpdateAsync(id, 1, retried, retried.NextAttemptAt, dropContent: false);

        var update = () => Store.UpdateAsync(id, 1, Sent(state), dueAt: null, dropContent: true);

        await Assert.ThrowsAsync<MessageConflictException>(update);
        var stored = await Store.ReadAsync(id, withContent: true);
        Assert.NotNull(stored);
        Assert.Equal(Json(retried), Json(stored.State));
        Assert.Equal(content, stored.Content, SameContent.Instance);
        Assert.Equal(2, stored.Version);
        Assert.Equal([id], await Store.ClaimDueAsync(Partition(id), Now + TimeSpan.FromSeconds(10), ClaimFor, 10));
    }

    [Fact]
    public async Task UpdateAsync_FutureVersion_ThrowsConflict()
    {
        var id = NewId();
        var (state, content) = NewMessage();
        await Store.CreateAsync(id, content, state, Now);

        var update = () => Store.UpdateAsync(id, 2, Sent(state), dueAt: null, dropContent: false);

        await Assert.ThrowsAsync<MessageConflictException>(update);
        Assert.Equal(1, (await Store.ReadAsync(id, withContent: false))?.Version);
    }

    [Fact]
    public async Task UpdateAsync_UnknownId_ThrowsConflictAndCreatesNothing()
    {
        var id = NewId();
        var (state, _) = NewMessage();

        var update = () => Store.UpdateAsync(id, 1, state, Now, dropContent: false);

        await Assert.ThrowsAsync<MessageConflictException>(update);
        Assert.Null(await Store.ReadAsync(id, withContent: true));
        Assert.Empty(await Store.ClaimDueAsync(Partition(id), Now + TimeSpan.FromDays(1), ClaimFor, 10));
    }

    [Fact]
    public async Task UpdateAsync_CreatedPastDeadline_ThrowsConflict()
    {
        var id = NewId();
        var (state, content) = NewMessage(acceptedAt: Now - Retention - MessagePartitions.ExpiryGrace - TimeSpan.FromSeconds(1));
        await Store.CreateAsync(id, content, state, Now);

        var update = () => Store.UpdateAsync(id, 1, state, Now, dropContent: false);

        await Assert.ThrowsAsync<MessageConflictException>(update);
    }

    [Fact]
    public async Task UpdateAsync_DropContent_RemovesContentKeepsState()
    {
        var id = NewId();
        var (state, content) = NewMessage();
        await Store.CreateAsync(id, content, state, Now);
        var sent = Sent(state);

        var version = await Store.UpdateAsync(id, 1, sent, dueAt: null, dropContent: true);
        var stored = await Store.ReadAsync(id, withContent: true);

        Assert.Equal(2, version);
        Assert.NotNull(stored);
        Assert.Null(stored.Content);
        Assert.Equal(Json(sent), Json(stored.State));
        Assert.Equal(2, stored.Version);
    }

    [Fact]
    public async Task UpdateAsync_AfterDropContent_ContentStaysDropped()
    {
        var id = NewId();
        var (state, content) = NewMessage();
        await Store.CreateAsync(id, content, state, Now);
        await Store.UpdateAsync(id, 1, state, Now, dropContent: true);

        await Store.UpdateAsync(id, 2, state, Now, dropContent: false);
        var stored = await Store.ReadAsync(id, withContent: true);

        Assert.NotNull(stored);
        Assert.Null(stored.Content);
        Assert.Equal(3, stored.Version);
    }

    [Fact]
    public async Task ClaimDueAsync_BeforeDueAt_ReturnsNothing()
    {
        var id = NewId();
        var dueAt = Now + TimeSpan.FromSeconds(10);
        await CreateAsync(id, dueAt);

        var claimed = await Store.ClaimDueAsync(Partition(id), dueAt - TimeSpan.FromMilliseconds(1), ClaimFor, 10);

        Assert.Empty(claimed);
    }

    [Fact]
    public async Task ClaimDueAsync_AtDueAt_ReturnsId()
    {
        var id = NewId();
        var dueAt = Now + TimeSpan.FromSeconds(10);
        await CreateAsync(id, dueAt);

        var claimed = await Store.ClaimDueAsync(Partition(id), dueAt, ClaimFor, 10);

        Assert.Equal([id], claimed);
    }

    [Fact]
    public async Task ClaimDueAsync_AfterDueAt_ReturnsId()
    {
        var id = NewId();
        await CreateAsync(id, Now);

        var claimed = await Store.ClaimDueAsync(Partition(id), Now + TimeSpan.FromMinutes(5), ClaimFor, 10);

        Assert.Equal([id], claimed);
    }

    [Fact]
    public async Task ClaimDueAsync_ClaimedId_PushedByClaimFor()
    {
        var id = NewId();
        await CreateAsync(id, Now);
        await Store.ClaimDueAsync(Partition(id), Now, ClaimFor, 10);

        var again = await Store.ClaimDueAsync(Partition(id), Now, ClaimFor, 10);
        var justBefore = await Store.ClaimDueAsync(Partition(id), Now + ClaimFor - TimeSpan.FromMilliseconds(1), ClaimFor, 10);
        var afterClaimFor = await Store.ClaimDueAsync(Partition(id), Now + ClaimFor, ClaimFor, 10);

        Assert.Empty(again);
        Assert.Empty(justBefore);
        Assert.Equal([id], afterClaimFor);
    }

    [Fact]
    public async Task ClaimDueAsync_ClaimedId_KeepsRecordUnchanged()
    {
        var id = NewId();
        var (state, content) = NewMessage();
        await Store.CreateAsync(id, content, state, Now);

        await Store.ClaimDueAsync(Partition(id), Now, ClaimFor, 10);
        var stored = await Store.ReadAsync(id, withContent: true);

        Assert.NotNull(stored);
        Assert.Equal(Json(state), Json(stored.State));
        Assert.Equal(content, stored.Content, SameContent.Instance);
        Assert.Equal(1, stored.Version);
    }

    [Fact]
    public async Task ClaimDueAsync_OtherPartitions_ReturnNothing()
    {
        var id = NewId();
        await CreateAsync(id, Now);
        var others = Enumerable.Range(0, MessagePartitions.Count).Where(p => p != Partition(id)).ToList();

        var claimedElsewhere = new List<string>();
        foreach (var partition in others)
        {
            claimedElsewhere.AddRange(await Store.ClaimDueAsync(partition, Now + TimeSpan.FromDays(1), ClaimFor, 10));
        }

        var claimedInOwn = await Store.ClaimDueAsync(Partition(id), Now, ClaimFor, 10);

        Assert.Equal(MessagePartitions.Count - 1, others.Count);
        Assert.Empty(claimedElsewhere);
        Assert.Equal([id], claimedInOwn);
    }

    [Fact]
    public async Task ClaimDueAsync_SeveralDue_ReturnsEarliestFirst()
    {
        var ids = IdsIn(partition: 7, count: 3);
        await CreateAsync(ids[0], Now + TimeSpan.FromSeconds(3));
        await CreateAsync(ids[1], Now + TimeSpan.FromSeconds(1));
        await CreateAsync(ids[2], Now + TimeSpan.FromSeconds(2));

        var claimed = await Store.ClaimDueAsync(7, Now + TimeSpan.FromSeconds(3), ClaimFor, 10);

        Assert.Equal([ids[1], ids[2], ids[0]], claimed);
    }

    [Fact]
    public async Task ClaimDueAsync_MoreDueThanMax_ReturnsEarliestMaxAndLeavesRestDue()
    {
        var ids = IdsIn(partition: 12, count: 5);
        for (var i = 0; i < ids.Count; i++)
        {
            await CreateAsync(ids[i], Now + TimeSpan.FromSeconds(i));
        }

        var first = await Store.ClaimDueAsync(12, Now + TimeSpan.FromSeconds(10), ClaimFor, 2);
        var second = await Store.ClaimDueAsync(12, Now + TimeSpan.FromSeconds(10), ClaimFor, 2);
        var third = await Store.ClaimDueAsync(12, Now + TimeSpan.FromSeconds(10), ClaimFor, 2);
        var fourth = await Store.ClaimDueAsync(12, Now + TimeSpan.FromSeconds(10), ClaimFor, 2);

        Assert.Equal([ids[0], ids[1]], first);
        Assert.Equal([ids[2], ids[3]], second);
        Assert.Equal([ids[4]], third);
        Assert.Empty(fourth);
    }

    [Fact]
    public async Task ClaimDueAsync_SomeNotYetDue_ReturnsOnlyDue()
    {
        var ids = IdsIn(partition: 3, count: 2);
        await CreateAsync(ids[0], Now);
        await CreateAsync(ids[1], Now + TimeSpan.FromSeconds(1));

        var claimed = await Store.ClaimDueAsync(3, Now, ClaimFor, 10);

        Assert.Equal([ids[0]], claimed);
    }

    [Fact]
    public async Task UpdateAsync_NullDueAt_RemovesDueEntry()
    {
        var id = NewId();
        var (state, content) = NewMessage();
        await Store.CreateAsync(id, content, state, Now);

        await Store.UpdateAsync(id, 1, Sent(state), dueAt: null, dropContent: true);
        var claimed = await Store.ClaimDueAsync(Partition(id), Now + TimeSpan.FromDays(1), ClaimFor, 10);

        Assert.Empty(claimed);
    }

    [Fact]
    public async Task UpdateAsync_LaterDueAt_MovesDueEntry()
    {
        var id = NewId();
        var (state, content) = NewMessage();
        await Store.CreateAsync(id, content, state, Now);
        var later = Now + TimeSpan.FromMinutes(2);

        await Store.UpdateAsync(id, 1, Retried(state, later), later, dropContent: false);
        var atOldDue = await Store.ClaimDueAsync(Partition(id), Now, ClaimFor, 10);
        var justBeforeNewDue = await Store.ClaimDueAsync(Partition(id), later - TimeSpan.FromMilliseconds(1), ClaimFor, 10);
        var atNewDue = await Store.ClaimDueAsync(Partition(id), later, ClaimFor, 10);

        Assert.Empty(atOldDue);
        Assert.Empty(justBeforeNewDue);
        Assert.Equal([id], atNewDue);
    }

    [Fact]
    public async Task UpdateAsync_DueAtOfRemovedEntry_AddsItBack()
    {
        var id = NewId();
        var (state, content) = NewMessage();
        await Store.CreateAsync(id, content, state, Now);
        await Store.UpdateAsync(id, 1, state, dueAt: null, dropContent: false);

        await Store.UpdateAsync(id, 2, state, Now + TimeSpan.FromSeconds(5), dropContent: false);
        var claimed = await Store.ClaimDueAsync(Partition(id), Now + TimeSpan.FromSeconds(5), ClaimFor, 10);

        Assert.Equal([id], claimed);
    }

    [Fact]
    public async Task SetDueAsync_Null_RemovesDueEntry()
    {
        var id = NewId();
        await CreateAsync(id, Now);

        await Store.SetDueAsync(id, null);
        var claimed = await Store.ClaimDueAsync(Partition(id), Now + TimeSpan.FromDays(1), ClaimFor, 10);

        Assert.Empty(claimed);
    }

    [Fact]
    public async Task SetDueAsync_LaterTime_MovesDueEntry()
    {
        var id = NewId();
        await CreateAsync(id, Now);
        var later = Now + TimeSpan.FromMinutes(3);

        await Store.SetDueAsync(id, later);
        var atOldDue = await Store.ClaimDueAsync(Partition(id), later - TimeSpan.FromMilliseconds(1), ClaimFor, 10);
        var atNewDue = await Store.ClaimDueAsync(Partition(id), later, ClaimFor, 10);

        Assert.Empty(atOldDue);
        Assert.Equal([id], atNewDue);
    }

    [Fact]
    public async Task SetDueAsync_RemovedEntry_AddsItBack()
    {
        var id = NewId();
        await CreateAsync(id, Now);
        await Store.SetDueAsync(id, null);

        await Store.SetDueAsync(id, Now + TimeSpan.FromSeconds(1));
        var claimed = await Store.ClaimDueAsync(Partition(id), Now + TimeSpan.FromSeconds(1), ClaimFor, 10);

        Assert.Equal([id], claimed);
    }

    [Fact]
    public async Task SetDueAsync_UnknownId_AddsNoEntry()
    {
        var id = NewId();

        await Store.SetDueAsync(id, Now);
        var claimed = await Store.ClaimDueAsync(Partition(id), Now + TimeSpan.FromDays(1), ClaimFor, 10);

        Assert.Empty(claimed);
    }

    [Fact]
    public async Task SetDueAsync_ExistingId_LeavesRecordUnchanged()
    {
        var id = NewId();
        var (state, content) = NewMessage();
        await Store.CreateAsync(id, content, state, Now);

        await Store.SetDueAsync(id, Now + TimeSpan.FromMinutes(1));
        var stored = await Store.ReadAsync(id, withContent: true);

        Assert.NotNull(stored);
        Assert.Equal(Json(state), Json(stored.State));
        Assert.Equal(content, stored.Content, SameContent.Instance);
        Assert.Equal(1, stored.Version);
    }

    [Fact]
    public async Task DeleteAsync_ExistingId_RemovesRecordAndDueEntry()
    {
        var id = NewId();
        await CreateAsync(id, Now);

        await Store.DeleteAsync(id);
        var stored = await Store.ReadAsync(id, withContent: true);
        var claimed = await Store.ClaimDueAsync(Partition(id), Now + TimeSpan.FromDays(1), ClaimFor, 10);

        Assert.Null(stored);
        Assert.Empty(claimed);
    }

    [Fact]
    public async Task DeleteAsync_ExistingId_LaterUpdateThrowsConflictAndSetDueAddsNoEntry()
    {
        var id = NewId();
        var (state, content) = NewMessage();
        await Store.CreateAsync(id, content, state, Now);

        await Store.DeleteAsync(id);
        var update = () => Store.UpdateAsync(id, 1, state, Now, dropContent: false);
        await Assert.ThrowsAsync<MessageConflictException>(update);
        await Store.SetDueAsync(id, Now);

        Assert.Null(await Store.ReadAsync(id, withContent: true));
        Assert.Empty(await Store.ClaimDueAsync(Partition(id), Now + TimeSpan.FromDays(1), ClaimFor, 10));
    }

    [Fact]
    public async Task DeleteAsync_OneOfTwo_LeavesOtherRecordAndDueEntry()
    {
        var ids = IdsIn(partition: 20, count: 2);
        await CreateAsync(ids[0], Now);
        await CreateAsync(ids[1], Now);

        await Store.DeleteAsync(ids[0]);
        var claimed = await Store.ClaimDueAsync(20, Now, ClaimFor, 10);

        Assert.Equal([ids[1]], claimed);
        Assert.Equal(1, (await Store.ReadAsync(ids[1], withContent: false))?.Version);
    }

    protected static string NewId() => $"m-{Guid.NewGuid():N}";

    protected static int Partition(string id) => MessagePartitions.Of(id);

    protected static List<string> IdsIn(int partition, int count)
    {
        var ids = new List<string>();
        while (ids.Count < count)
        {
            var id = NewId();
            if (Partition(id) == partition)
            {
                ids.Add(id);
            }
        }

        return [.. ids.Order(StringComparer.Ordinal)];
    }

    protected (MessageState State, MessageContent Content) NewMessage(params string[] to) => NewMessage(Now, to);

    protected static (MessageState State, MessageContent Content) NewMessage(DateTimeOffset acceptedAt, params string[] to)
    {
        var message = TestMessages.Create(to);
        return (MessageState.Create(message, acceptedAt, Retention, "primary"), message.Content);
    }

    protected Task<bool> CreateAsync(string id, DateTimeOffset dueAt)
    {
        var (state, content) = NewMessage();
        return Store.CreateAsync(id, content, state, dueAt);
    }

    protected MessageState Sent(MessageState state) => StoredStates.Sent(state, Now, rounds: 1);

    protected static MessageState Retried(MessageState state, DateTimeOffset nextAttemptAt) => StoredStates.Retried(state, nextAttemptAt);

    protected static string Json(MessageState state) => Encoding.UTF8.GetString(MessageJson.Serialize(state));
}
