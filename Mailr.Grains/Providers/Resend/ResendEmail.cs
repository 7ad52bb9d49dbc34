using System.Text.Json.Serialization;

namespace Mailr.Grains.Providers.Resend;

// The body of POST /emails (PROVIDERS.md C.6).
internal sealed record ResendEmail(
    [property: JsonPropertyName("from")] string From,
    [property: JsonPropertyName("to")] IReadOnlyList<string>? To,
    [property: JsonPropertyName("cc")] IReadOnlyList<string>? Cc,
    [property: JsonPropertyName("bcc")] IReadOnlyList<string>? Bcc,
    [property: JsonPropertyName("reply_to")] IReadOnlyList<string>? ReplyTo,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("text")] string? Text,
    [property: JsonPropertyName("html")] string? Html,
    [property: JsonPropertyName("headers")] IReadOnlyDictionary<string, string>? Headers,
    [property: JsonPropertyName("attachments")] IReadOnlyList<ResendAttachment>? Attachments,
    [property: JsonPropertyName("tags")] IReadOnlyList<ResendTag> Tags);

internal sealed record ResendAttachment(
    [property: JsonPropertyName("filename")] string FileName,
    [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("content_type")] string ContentType);

internal sealed record ResendTag(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("value")] string Value);

// {"id": "…"} on 200; {"statusCode", "name", "message"} on errors.
internal sealed record ResendResponse(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("message")] string? Message);
