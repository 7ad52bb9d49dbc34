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
    [JsonPropertyName("html"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Html { get; init; }

    /// <summary><c>Reply-To</c> and the caller's <c>X-</c> headers; left out when there are none.</summary>
    [JsonPropertyName("headers"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    [JsonPropertyName("attachments"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<MandrillAttachment>? Attachments { get; init; }

    // To and Cc recipients see each other in the headers, as with a normal email (SPEC); Mandrill
    // never shows bcc-typed recipients, so this cannot leak them.
    [JsonPropertyName("preserve_recipients")]
    public bool PreserveRecipients => true;
}
