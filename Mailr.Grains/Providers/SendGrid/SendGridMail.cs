using System.Text.Json.Serialization;

namespace Mailr.Grains.Providers.SendGrid;

// The body of POST /v3/mail/send (PROVIDERS.md C.3). Empty lists are left out: SendGrid refuses an empty cc or bcc.
internal sealed record SendGridMail(
    [property: JsonPropertyName("personalizations")] IReadOnlyList<SendGridPersonalization> Personalizations,
    [property: JsonPropertyName("from")] SendGridAddress From,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("content")] IReadOnlyList<SendGridContent> Content,
    [property: JsonPropertyName("custom_args")] IReadOnlyDictionary<string, string> CustomArgs)
{
    [JsonPropertyName("reply_to")]
    public SendGridAddress? ReplyTo { get; init; }

    [JsonPropertyName("reply_to_list")]
    public IReadOnlyList<SendGridAddress>? ReplyToList { get; init; }

    [JsonPropertyName("headers")]
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    [JsonPropertyName("attachments")]
    public IReadOnlyList<SendGridAttachment>? Attachments { get; init; }
}

internal sealed record SendGridPersonalization(
    [property: JsonPropertyName("to")] IReadOnlyList<SendGridAddress>? To,
    [property: JsonPropertyName("cc")] IReadOnlyList<SendGridAddress>? Cc,
    [property: JsonPropertyName("bcc")] IReadOnlyList<SendGridAddress>? Bcc);

internal sealed record SendGridAddress(
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("name")] string? Name);

internal sealed record SendGridContent(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("value")] string Value);

internal sealed record SendGridAttachment(
    [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("filename")] string FileName,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("disposition")] string Disposition);

// {"errors":[{"message":"…","field":"…","help":…}]}
internal sealed record SendGridErrors([property: JsonPropertyName("errors")] IReadOnlyList<SendGridError>? Errors);

internal sealed record SendGridError(
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("field")] string? Field);
