using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mailr.Grains.Providers.Mailgun;

// The parts Mailr reads of GET /v3/{domain}/events: {"items": [{"event", "user-variables", "message": {"headers": {"message-id"}}}], "paging": {"next"}}.
internal sealed record MailgunEventsPage(
    [property: JsonPropertyName("items")] IReadOnlyList<MailgunEvent>? Items,
    [property: JsonPropertyName("paging")] MailgunPaging? Paging);

internal sealed record MailgunEvent(
    [property: JsonPropertyName("event")] string? Event,
    [property: JsonPropertyName("user-variables")] IReadOnlyDictionary<string, JsonElement>? UserVariables,
    [property: JsonPropertyName("message")] MailgunEventMessage? Message);

internal sealed record MailgunEventMessage([property: JsonPropertyName("headers")] IReadOnlyDictionary<string, JsonElement>? Headers);

internal sealed record MailgunPaging([property: JsonPropertyName("next")] string? Next);
