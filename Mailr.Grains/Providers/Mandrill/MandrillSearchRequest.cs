using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mailr.Grains.Providers.Mandrill;

// The body of POST /messages/search.json; dates are YYYY-MM-DD (UTC).
internal sealed record MandrillSearchRequest(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("date_from")] string DateFrom,
    [property: JsonPropertyName("date_to")] string DateTo,
    [property: JsonPropertyName("senders")] IReadOnlyList<string> Senders,
    [property: JsonPropertyName("limit")] int Limit);

// The parts Mailr reads of one search result (MessagesEmailInfo).
internal sealed record MandrillMessageInfo(
    [property: JsonPropertyName("_id")] string? Id,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("state")] string? State,
    [property: JsonPropertyName("metadata")] IReadOnlyDictionary<string, JsonElement>? Metadata);
