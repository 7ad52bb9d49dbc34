using System.Text.Json.Serialization;

namespace Mailr.Api.Messages;

/// <summary>The <c>POST /messages</c> body. Addresses are RFC 5322 mailboxes (<c>Name &lt;local@domain&gt;</c> or <c>local@domain</c>).</summary>
public sealed record SendMessageRequest
{
    public required string From { get; init; }

    public required IReadOnlyList<string> To { get; init; }

    public IReadOnlyList<string>? Cc { get; init; }

    public IReadOnlyList<string>? Bcc { get; init; }

    public required string Subject { get; init; }

    /// <summary>The plain-text body; a message needs <c>text</c>, <c>html</c> or both.</summary>
    public string? Text { get; init; }

    public string? Html { get; init; }

    [JsonPropertyName("reply_to")]
    public IReadOnlyList<string>? ReplyTo { get; init; }

    /// <summary>Extra headers: names start with <c>X-</c>, values are strings without line breaks.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public IReadOnlyList<AttachmentRequest>? Attachments { get; init; }
}
