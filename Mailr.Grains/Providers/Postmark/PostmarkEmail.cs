namespace Mailr.Grains.Providers.Postmark;

// The body of POST /email (PROVIDERS.md C.4). Postmark's names are PascalCase, as the records are;
// addresses are comma-separated strings.
internal sealed record PostmarkEmail(
    string From,
    string? To,
    string? Cc,
    string? Bcc,
    string Subject,
    string? TextBody,
    string? HtmlBody,
    string? ReplyTo,
    IReadOnlyList<PostmarkHeader>? Headers,
    IReadOnlyList<PostmarkAttachment>? Attachments,
    IReadOnlyDictionary<string, string> Metadata,
    string MessageStream);

internal sealed record PostmarkHeader(string Name, string Value);

internal sealed record PostmarkAttachment(string Name, string Content, string ContentType);

// {To, SubmittedAt, MessageID, ErrorCode, Message} on 200; {ErrorCode, Message} on 422.
internal sealed record PostmarkResponse(string? MessageID, int? ErrorCode, string? Message);
