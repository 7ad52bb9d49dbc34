using System.Text.Json.Serialization;

namespace Mailr.Grains.Providers.Mailgun;

// {"id": "<…@domain>", "message": "Queued. Thank you."} on success; only "message" on errors.
internal sealed record MailgunSendResponse(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("message")] string? Message);
