using System.Text.Json.Serialization;

namespace Mailr.Grains.Providers.SendGrid;

// The parts Mailr reads of GET /v3/messages: {"messages": [{"msg_id", "to_email", "status", …}]}.
internal sealed record SendGridMessages([property: JsonPropertyName("messages")] IReadOnlyList<SendGridMessage>? Messages);

internal sealed record SendGridMessage(
    [property: JsonPropertyName("msg_id")] string? MsgId,
    [property: JsonPropertyName("to_email")] string? ToEmail,
    [property: JsonPropertyName("status")] string? Status);
