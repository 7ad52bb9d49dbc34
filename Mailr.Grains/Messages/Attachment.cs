namespace Mailr.Grains.Messages;

/// <summary>A file sent with a message: a plain file name (no path), its MIME type and its decoded bytes.</summary>
[GenerateSerializer, Immutable, Alias("mailr.attachment")]
public sealed record Attachment(
    [property: Id(0)] string FileName,
    [property: Id(1)] string ContentType,
    [property: Id(2)] byte[] Content)
{
    public bool Equals(Attachment? other) =>
        other is not null && FileName == other.FileName && ContentType == other.ContentType && Content.AsSpan().SequenceEqual(other.Content);

    public override int GetHashCode() => HashCode.Combine(FileName, ContentType, Content.Length);
}
