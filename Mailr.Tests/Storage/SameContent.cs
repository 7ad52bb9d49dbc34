namespace Mailr.Tests.Storage;

/// <summary>Compares contents by their stored JSON: every field, lists and bytes by value, and a field added later without a line here.</summary>
public sealed class SameContent : IEqualityComparer<MessageContent?>
{
    public static readonly SameContent Instance = new();

    public bool Equals(MessageContent? x, MessageContent? y) =>
        x is null || y is null ? x is null && y is null : MessageJson.Serialize(x).AsSpan().SequenceEqual(MessageJson.Serialize(y));

    public int GetHashCode(MessageContent? content) => content?.Subject.GetHashCode(StringComparison.Ordinal) ?? 0;
}
