using System.Collections.Concurrent;

namespace Mailr.Tests.Fakes;

public delegate Task<ProviderResult> ProviderStep(OutgoingEmail email, CancellationToken cancellationToken);

/// <summary>
/// A provider whose answers are scripted per message id: steps are used in order and the last one
/// repeats. An unscripted message follows the default script, or is sent when there is none.
/// </summary>
public sealed class ScriptedEmailProvider(string name, CallLog log, TimeProvider? clock = null) : IEmailProvider, IProviderLookup
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ProviderStep>> _scripts = new();
    private readonly ConcurrentDictionary<string, int> _taken = new();
    private readonly ConcurrentQueue<(string MessageId, IReadOnlyList<string> Recipients)> _lookups = new();

    public string Name => name;

    public static ProviderStep Answer(ProviderResult result) => (_, _) => Task.FromResult(result);

    /// <summary>Never answers: the call ends when the caller's timeout cancels it.</summary>
    public static ProviderStep Stall() => async (_, cancellationToken) =>
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    };

    /// <summary>
    /// Takes the message (the provider will send it: counted by <see cref="TakenCount"/>, and a look-up finds it), then
    /// never answers: the caller's timeout makes the answer lost.
    /// </summary>
    public ProviderStep TakeThenStall() => async (email, cancellationToken) =>
    {
        _taken.AddOrUpdate(email.MessageId, 1, (_, n) => n + 1);
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    };

    /// <summary>How many times this provider took <paramref name="messageId"/> (sent answers and <see cref="TakeThenStall"/>).</summary>
    public int TakenCount(string messageId) => _taken.GetValueOrDefault(messageId);

    /// <summary>What a look-up answers; by default the truth: found when it took the message, else not found.</summary>
    public Func<OutgoingEmail, LookupResult?>? LookUpScript { get; set; }

    /// <summary>The look-ups made, with the recipients each asked about.</summary>
    public IReadOnlyList<(string MessageId, IReadOnlyList<string> Recipients)> LookUps => [.. _lookups];

    public Task<LookupResult> LookUpAsync(OutgoingEmail email, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        _lookups.Enqueue((email.MessageId, [.. email.Recipients.Select(r => r.Address)]));
        return Task.FromResult(LookUpScript?.Invoke(email)
            ?? (TakenCount(email.MessageId) > 0 ? LookupResult.Found($"{name}-{email.MessageId}") : LookupResult.NotFound()));
    }

    private ConcurrentQueue<ProviderStep>? _default;

    public void Script(string messageId, params ProviderStep[] steps) => _scripts[messageId] = new(steps);

    /// <summary>The script for messages whose id is not known before they are accepted (shared by all of them).</summary>
    public void ScriptDefault(params ProviderStep[] steps) => _default = new(steps);

    public void Script(string messageId, params ProviderResult[] results) => Script(messageId, [.. results.Select(Answer)]);

    public Task<ProviderResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        log.Add(new ProviderCallRecord(name, email, (clock ?? TimeProvider.System).GetUtcNow()));
        if (!_scripts.TryGetValue(email.MessageId, out var steps) && (steps = _default) is null)
        {
            _taken.AddOrUpdate(email.MessageId, 1, (_, n) => n + 1);
            return Task.FromResult(ProviderResult.Sent($"{name}-{email.MessageId}"));
        }

        var step = steps.Count > 1 && steps.TryDequeue(out var next) ? next : steps.TryPeek(out var last) ? last : Answer(ProviderResult.Sent(null));
        return CountTakenAsync(email.MessageId, step(email, cancellationToken));
    }

    private async Task<ProviderResult> CountTakenAsync(string messageId, Task<ProviderResult> call)
    {
        var result = await call;
        if (result.Outcome == OutcomeClass.Sent)
        {
            _taken.AddOrUpdate(messageId, 1, (_, n) => n + 1);
        }

        return result;
    }
}
