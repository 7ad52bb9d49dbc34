using System.Text.Json.Serialization;

namespace Mailr.Grains.Providers.Mandrill;

// One entry per recipient of a 200 answer. _id may be missing for rejected or invalid recipients.
internal sealed record MandrillSendResult(
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("reject_reason")] string? RejectReason,
    [property: JsonPropertyName("_id")] string? Id);
