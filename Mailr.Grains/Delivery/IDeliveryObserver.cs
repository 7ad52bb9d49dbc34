using Mailr.Grains.Messages;

namespace Mailr.Grains.Delivery;

/// <summary>Told about each message's progress after it is durably recorded (metrics, tests, future callbacks).</summary>
public interface IDeliveryObserver
{
    void Accepted(string messageId, int recipients);

    void Attempted(string messageId, SendAttempt attempt);

    /// <summary>Every recipient of the message is now sent or failed.</summary>
    void Finished(string messageId, IReadOnlyList<RecipientState> recipients, TimeSpan sinceAccepted);
}
