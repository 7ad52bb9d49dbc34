using Mailr.Grains.Storage;

namespace Mailr.Tests.Fakes;

/// <summary>A message store that knows nothing and fails every write, as an unreachable Redis would (or with the given fault).</summary>
public sealed class FailingMessageStore(Func<Exception>? failure = null) : IMessageStore
{
    public Task<bool> CreateAsync(string id, MessageContent content, MessageState state, DateTimeOffset dueAt) => throw Unreachable();

    public Task<StoredMessage?> ReadAsync(string id, bool withContent) => Task.FromResult<StoredMessage?>(null);

    public Task<long> UpdateAsync(string id, long expectedVersion, MessageState state, DateTimeOffset? dueAt, bool dropContent) => throw Unreachable();

    public Task SetDueAsync(string id, DateTimeOffset? dueAt) => throw Unreachable();

    public Task<IReadOnlyList<string>> ClaimDueAsync(int partition, DateTimeOffset now, TimeSpan claimFor, int max) => throw Unreachable();

    public Task RenewAsync(IReadOnlyCollection<string> ids, DateTimeOffset until) => throw Unreachable();

    public Task DeleteAsync(string id) => throw Unreachable();

    private Exception Unreachable() => failure?.Invoke() ?? new IOException("storage is unreachable");
}
