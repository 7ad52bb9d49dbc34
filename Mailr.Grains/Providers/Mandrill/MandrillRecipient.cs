using System.Text.Json.Serialization;

namespace Mailr.Grains.Providers.Mandrill;

internal sealed record MandrillRecipient(
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    [property: JsonPropertyName("type")] string Type);
