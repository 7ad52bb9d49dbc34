using System.Text.Json.Serialization;

namespace Mailr.Grains.Providers.Mandrill;

internal sealed record MandrillMessage(
    [property: JsonPropertyName("from_email")] string FromEmail,
    [property: JsonPropertyName("from_name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FromName,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("to")] IReadOnlyList<MandrillRecipient> To,
    [property: JsonPropertyName("metadata")] IReadOnlyDictionary<string, string> Metadata)
{
    // To and Cc recipients see each other in the headers, as with a normal email (SPEC); Mandrill
    // never shows bcc-typed recipients, so this cannot leak them.
    [JsonPropertyName("preserve_recipients")]
    public bool PreserveRecipients => true;
}
