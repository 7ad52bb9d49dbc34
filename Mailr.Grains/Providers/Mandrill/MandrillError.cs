using System.Text.Json.Serialization;

namespace Mailr.Grains.Providers.Mandrill;

// The parts Mailr reads of {"status":"error","code":-1,"name":"Invalid_Key","message":"…"}.
internal sealed record MandrillError(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("message")] string? Message);
