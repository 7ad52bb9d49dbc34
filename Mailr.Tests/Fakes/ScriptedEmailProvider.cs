using System.Collections.Concurrent;

namespace Mailr.Tests.Fakes;

public delegate Task<ProviderResult> ProviderStep(OutgoingEmail email, CancellationToken cancellationToken);

/// <summary>
/// A provider whose answers are scripted per message id: steps are used in order and the last one
/// repeats. An unscripted message follows the default script, or is sent when there is none.
/// </summary>
public sealed class ScriptedEmailProvider(string name, CallLog log, TimeProvider? clock = null) : IEmailProvider
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ProviderStep>> _scripts = new();

    public string Name => name;

    public static ProviderStep Answer(ProviderResult result) => (_, _) => Task.FromResult(result);

    /// <summary>Never answers: the call ends when the caller's timeout cancels it.</summary>
    public static ProviderStep Stall() => async (_, cancellationToken) =>
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    };

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
            return Task.FromResult(ProviderResult.Sent($"{name}-{email.MessageId}"));
        }

        var step = steps.Count > 1 && steps.TryDequeue(out var next) ? next : steps.TryPeek(out var last) ? last : Answer(ProviderResult.Sent(null));
        return step(email, cancellationToken);
    }
}
