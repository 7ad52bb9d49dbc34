using System.Text.Json.Serialization;

namespace Mailr.Api.Messages;

/// <summary>One attachment of a <c>POST /messages</c> body: a plain file name, a media type and the content in base64.</summary>
public sealed record AttachmentRequest
{
    public required string Filename { get; init; }

    [JsonPropertyName("content_type")]
    public required string ContentType { get; init; }

    public required string Content { get; init; }
}
