using System.Collections.Concurrent;

namespace Mailr.Tests.Fakes;

/// <summary>Every call the scripted providers of one fixture received, in order.</summary>
public sealed class CallLog
{
    private readonly ConcurrentQueue<ProviderCallRecord> _calls = new();

    public void Add(ProviderCallRecord call) => _calls.Enqueue(call);

    public IReadOnlyList<ProviderCallRecord> For(string messageId) => [.. _calls.Where(c => c.Email.MessageId == messageId)];

    public IReadOnlyList<string> ProvidersFor(string messageId) => [.. For(messageId).Select(c => c.Provider)];
}

public sealed record ProviderCallRecord(string Provider, OutgoingEmail Email, DateTimeOffset At);
