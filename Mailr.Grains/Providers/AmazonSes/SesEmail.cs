using System.Text.Json.Serialization;

namespace Mailr.Grains.Providers.AmazonSes;

// The body of SES v2 SendEmail (POST /v2/email/outbound-emails), Content.Simple (PROVIDERS.md C.5).
internal sealed record SesEmail(
    string FromEmailAddress,
    SesDestination Destination,
    IReadOnlyList<string>? ReplyToAddresses,
    SesContent Content,
    IReadOnlyList<SesTag> EmailTags);

internal sealed record SesDestination(IReadOnlyList<string>? ToAddresses, IReadOnlyList<string>? CcAddresses, IReadOnlyList<string>? BccAddresses);

internal sealed record SesContent(SesSimple Simple);

internal sealed record SesSimple(SesText Subject, SesBody Body, IReadOnlyList<SesHeader>? Headers, IReadOnlyList<SesAttachment>? Attachments);

internal sealed record SesBody(SesText? Text, SesText? Html);

internal sealed record SesText(string Data, string Charset = "UTF-8");

internal sealed record SesHeader(string Name, string Value);

internal sealed record SesAttachment(string FileName, string RawContent, string ContentType);

internal sealed record SesTag(string Name, string Value);

// {"MessageId": "…"} on 200; errors carry __type (or the x-amzn-ErrorType header) and message.
internal sealed record SesResponse(string? MessageId, [property: JsonPropertyName("__type")] string? Type, string? Message);
