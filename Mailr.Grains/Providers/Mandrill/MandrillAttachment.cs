using System.Text.Json.Serialization;

namespace Mailr.Grains.Providers.Mandrill;

// {type, name, content} with the content in base64 (PROVIDERS.md C.2).
internal sealed record MandrillAttachment(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("content")] string Content);
