namespace Mailr.Grains.Messages;

/// <summary>An extra header the caller asked for: the name starts with <c>X-</c>, and neither part holds CR or LF (checked by the API).</summary>
[GenerateSerializer, Immutable, Alias("mailr.message-header")]
public sealed record MessageHeader(
    [property: Id(0)] string Name,
    [property: Id(1)] string Value);
