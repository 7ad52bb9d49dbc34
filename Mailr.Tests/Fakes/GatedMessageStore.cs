using System.Collections.Concurrent;

namespace Mailr.Tests.Fakes;

/// <summary>A message store whose creates wait at a gate the test opens, so a request can be held mid-accept.</summary>
public sealed class GatedMessageStore(IMessageStore inner) : IMessageStore
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _created = new();

    /// <summary>The id of the first create to reach the gate.</summary>
    public Task<string> Entered => _entered.Task;

    /// <summary>The ids whose create went through to the store.</summary>
    public IReadOnlyList<string> Created => [.. _created];

    public void Open() => _gate.TrySetResult();

    public async Task<bool> CreateAsync(string id, MessageContent content, MessageState state, DateTimeOffset dueAt)
    {
        _entered.TrySetResult(id);
        await _gate.Task;
        var created = await inner.CreateAsync(id, content, state, dueAt);
        if (created)
        {
            _created.Enqueue(id);
        }

        return created;
    }

    public Task<StoredMessage?> ReadAsync(string id, bool withContent) => inner.ReadAsync(id, withContent);

    public Task<long> UpdateAsync(string id, long expectedVersion, MessageState state, DateTimeOffset? dueAt, bool dropContent) =>
        inner.UpdateAsync(id, expectedVersion, state, dueAt, dropContent);

    public Task SetDueAsync(string id, DateTimeOffset? dueAt) => inner.SetDueAsync(id, dueAt);

    public Task<IReadOnlyList<string>> ClaimDueAsync(int partition, DateTimeOffset now, TimeSpan claimFor, int max) =>
        inner.ClaimDueAsync(partition, now, claimFor, max);

    public Task RenewAsync(IReadOnlyCollection<string> ids, DateTimeOffset until) => inner.RenewAsync(ids, until);

    public Task DeleteAsync(string id) => inner.DeleteAsync(id);
}
