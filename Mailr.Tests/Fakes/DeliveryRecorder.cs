using System.Collections.Concurrent;
using Mailr.Grains.Telemetry;

namespace Mailr.Tests.Fakes;

/// <summary>Turns a grain's progress into signals tests can await instead of sleeping.</summary>
public sealed class DeliveryRecorder : IDeliveryObserver
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<IReadOnlyList<RecipientState>>> _finished = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<SendAttempt>> _attempts = new();

    private int _accepted;

    /// <summary>How many messages were accepted (recorded) by this host.</summary>
    public int AcceptedCount => Volatile.Read(ref _accepted);

    public void Accepted(string messageId, int recipients) => Interlocked.Increment(ref _accepted);

    public void Attempted(string messageId, SendAttempt attempt) => _attempts.GetOrAdd(messageId, _ => new()).Enqueue(attempt);

    public void Finished(string messageId, IReadOnlyList<RecipientState> recipients, TimeSpan sinceAccepted) =>
        Completion(_finished, messageId).TrySetResult(recipients);

    public IReadOnlyList<SendAttempt> AttemptsFor(string messageId) => _attempts.TryGetValue(messageId, out var a) ? [.. a] : [];

    public async Task<IReadOnlyList<RecipientState>> WaitFinishedAsync(string messageId, TimeSpan? timeout = null)
    {
        try
        {
            return await Completion(_finished, messageId).Task.WaitAsync(timeout ?? s_timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Message {messageId} did not finish within {timeout ?? s_timeout}; attempts: {string.Join(", ", AttemptsFor(messageId).Select(a => $"{a.Provider}:{a.Outcome}"))}");
        }
    }

    public bool HasFinished(string messageId) => _finished.TryGetValue(messageId, out var tcs) && tcs.Task.IsCompleted;

    private static TaskCompletionSource<T> Completion<T>(ConcurrentDictionary<string, TaskCompletionSource<T>> map, string id) =>
        map.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
}
