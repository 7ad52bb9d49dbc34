using System.Text.Json.Serialization;

namespace Mailr.Grains.Providers.Mandrill;

// Mandrill takes the API key in the body, not in a header.
internal sealed record MandrillSendRequest(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("message")] MandrillMessage Message);
