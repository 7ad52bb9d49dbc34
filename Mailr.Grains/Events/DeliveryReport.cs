namespace Mailr.Grains.Events;

/// <summary>What a provider's event says happened to one recipient of a message it took.</summary>
public enum DeliveryEventKind
{
    /// <summary>The provider took the message for this recipient (Mailgun <c>accepted</c>, SendGrid <c>processed</c>, SES <c>Send</c>, Mandrill <c>send</c>, Resend <c>email.sent</c>).</summary>
    Taken = 0,

    /// <summary>The provider is still trying (a soft bounce, a delay).</summary>
    Deferred = 1,

    /// <summary>The receiving server accepted it.</summary>
    Delivered = 2,

    /// <summary>Refused for good: a hard bounce.</summary>
    Bounced = 3,

    /// <summary>The recipient marked it as spam.</summary>
    Complained = 4,
}

/// <summary>
/// One provider event about one recipient, as a webhook scheme reads it from a verified request. An event
/// naming several recipients (SES, Mandrill batches) becomes one report per recipient.
/// </summary>
/// <param name="Provider">The configured provider's name (<see cref="Options.ProviderOptions.DisplayName"/>).</param>
/// <param name="Event">The provider's own event name, e.g. <c>hard_bounce</c> or <c>email.delivered</c> (logs, story).</param>
/// <param name="Kind">What it means for the recipient; null for an event Mailr does not track (opens, clicks, unsubscribes): acknowledged and ignored.</param>
/// <param name="Recipient">The recipient's address as the provider wrote it.</param>
/// <param name="MessageId">Mailr's message id from the metadata sent with the attempt (<see cref="ProviderMetadata.MessageIdKey"/>), when present.</param>
/// <param name="ProviderMessageId">The provider's message id, when present (SendGrid's <c>sg_message_id</c> as given, with its suffix).</param>
/// <param name="OccurredAt">When the provider says the event happened.</param>
/// <param name="EventId">The provider's id of the event, when it has one (duplicates are also recognised without it).</param>
/// <param name="Detail">A short reason (a bounce's diagnostic), never a secret.</param>
[GenerateSerializer, Immutable, Alias("mailr.delivery-report")]
public sealed record DeliveryReport(
    [property: Id(0)] string Provider,
    [property: Id(1)] string Event,
    [property: Id(2)] DeliveryEventKind? Kind,
    [property: Id(3)] string Recipient,
    [property: Id(4)] string? MessageId,
    [property: Id(5)] string? ProviderMessageId,
    [property: Id(6)] DateTimeOffset OccurredAt,
    [property: Id(7)] string? EventId = null,
    [property: Id(8)] string? Detail = null);
