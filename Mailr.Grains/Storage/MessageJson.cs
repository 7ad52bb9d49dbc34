using System.Text.Json;
using System.Text.Json.Serialization;
using Mailr.Grains.Messages;

namespace Mailr.Grains.Storage;

/// <summary>
/// The stored form of a message: plain JSON with no .NET type names (renaming a class never breaks a
/// stored message), written and read through source-generated serializers.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    IgnoreReadOnlyProperties = true)]
[JsonSerializable(typeof(MessageState))]
[JsonSerializable(typeof(MessageContent))]
internal sealed partial class MessageJsonContext : JsonSerializerContext;

public static class MessageJson
{
    public static byte[] Serialize(MessageState state) => JsonSerializer.SerializeToUtf8Bytes(state, MessageJsonContext.Default.MessageState);

    public static byte[] Serialize(MessageContent content) => JsonSerializer.SerializeToUtf8Bytes(content, MessageJsonContext.Default.MessageContent);

    public static MessageState ReadState(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, MessageJsonContext.Default.MessageState) ?? throw new JsonException("stored message state is null");

    public static MessageContent ReadContent(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, MessageJsonContext.Default.MessageContent) ?? throw new JsonException("stored message content is null");
}
