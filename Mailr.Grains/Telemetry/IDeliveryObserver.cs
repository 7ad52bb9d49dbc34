using Mailr.Grains.Messages;

namespace Mailr.Grains.Telemetry;

/// <summary>
/// Told about each message's progress (metrics, tests, future callbacks). <see cref="Accepted"/> and <see cref="Finished"/>
/// come after the write that records them; <see cref="Attempted"/> comes as soon as the provider answers, before a write
/// records the attempt, so an attempt whose silo dies in between is told but not kept.
/// </summary>
public interface IDeliveryObserver
{
    void Accepted(string messageId, int recipients);

    void Attempted(string messageId, SendAttempt attempt);

    /// <summary>Every recipient of the message is now sent or failed.</summary>
    void Finished(string messageId, IReadOnlyList<RecipientState> recipients, TimeSpan sinceAccepted);
}
