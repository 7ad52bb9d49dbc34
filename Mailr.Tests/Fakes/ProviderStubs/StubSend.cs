namespace Mailr.Tests.Fakes.ProviderStubs;

/// <summary>What a stub does with one send request (see <see cref="ProviderStub.Script"/>).</summary>
public enum SendScript
{
    /// <summary>Takes the send and answers at once, as the provider does.</summary>
    Answer,

    /// <summary>Takes the send, then holds the answer until <see cref="ProviderStub.Release"/> or the caller gives up: the answer is lost, the send happened.</summary>
    TakeThenStall,

    /// <summary>Holds without taking until released (then answers the provider's "unavailable") or the caller gives up: the request never took effect.</summary>
    StallWithoutTaking,

    /// <summary>Answers the provider's "unavailable" at once, without taking the send.</summary>
    Refuse,
}

/// <summary>One send a stub took.</summary>
/// <param name="MailrId">Mailr's message id, from the provider's metadata field.</param>
/// <param name="Recipients">Every recipient's address as sent (To, Cc, Bcc).</param>
/// <param name="From">The sender's address.</param>
/// <param name="ProviderMessageId">The id the stub answered (or would have answered).</param>
/// <param name="At">When the stub took it, by the stub's clock.</param>
/// <param name="Scope">Where in the account it went: Mailgun's domain, Postmark's message stream ("" elsewhere).</param>
public sealed record StubSend(string MailrId, IReadOnlyList<string> Recipients, string From, string Subject, string ProviderMessageId, DateTimeOffset At, string Scope = "")
{
    public bool IsTo(string address) => Recipients.Any(r => Mailbox.KeyOf(r) == Mailbox.KeyOf(address));
}
