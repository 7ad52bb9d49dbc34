using System.Text.Json;
using Mailr.Grains.Events;

namespace Mailr.Api.Webhooks.Schemes;

/// <summary>
/// Where an SES event type keeps its details (<paramref name="Section"/>) and its recipients (<paramref name="List"/>
/// inside it, or <c>mail.destination</c> when null), and what it means for them.
/// </summary>
internal sealed record SesEventShape(string Type, string? Section, string? List, bool Tracked)
{
    public static SesEventShape Of(string type) => type switch
    {
        "Send" => new(type, "send", null, Tracked: true),
        "Delivery" => new(type, "delivery", "recipients", Tracked: true),
        "DeliveryDelay" => new(type, "deliveryDelay", "delayedRecipients", Tracked: true),
        "Bounce" => new(type, "bounce", "bouncedRecipients", Tracked: true),
        "Complaint" => new(type, "complaint", "complainedRecipients", Tracked: true),
        "Reject" => new(type, "reject", null, Tracked: false),
        "Rendering Failure" => new(type, "failure", null, Tracked: false),
        "Open" or "Click" or "Subscription" => new(type, type.ToLowerInvariant(), null, Tracked: false),
        _ => new(type, null, null, Tracked: false),
    };

    // Bounce: SES publishes a Transient bounce once it stops retrying, but the address itself was not refused for good, so
    // it does not count as a hard bounce (no suppression); neither does Undetermined (SES could not tell why).
    // Reject: SES found a virus and sent nothing; that says nothing about the addresses, so it is recorded, not applied.
    // Complaint: a "not-spam" feedback report is the opposite of a complaint.
    public DeliveryEventKind? Kind(JsonElement section) => Type switch
    {
        "Send" => DeliveryEventKind.Taken,
        "Delivery" => DeliveryEventKind.Delivered,
        "DeliveryDelay" => DeliveryEventKind.Deferred,
        "Bounce" => JsonFields.Text(section, "bounceType") == "Permanent" ? DeliveryEventKind.Bounced : DeliveryEventKind.Deferred,
        "Complaint" => JsonFields.Text(section, "complaintFeedbackType") == "not-spam" ? null : DeliveryEventKind.Complained,
        _ => null,
    };

    /// <summary>The part of the detail shared by all recipients; a recipient's own diagnostic code follows it.</summary>
    public string? Detail(JsonElement section) => Type switch
    {
        "Delivery" => JsonFields.Text(section, "smtpResponse"),
        "DeliveryDelay" => JsonFields.Text(section, "delayType"),
        "Bounce" => $"{JsonFields.Text(section, "bounceType")} {JsonFields.Text(section, "bounceSubType")}".Trim() is { Length: > 0 } bounce ? bounce : null,
        "Complaint" => JsonFields.Text(section, "complaintFeedbackType"),
        "Reject" => JsonFields.Text(section, "reason"),
        "Rendering Failure" => JsonFields.Text(section, "errorMessage"),
        _ => null,
    };
}
