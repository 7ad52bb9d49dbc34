using System.Buffers.Text;
using System.Text.Json;
using Mailr.Grains.Messages;

namespace Mailr.Api.Messages;

/// <summary>Checks the optional <c>headers</c> and <c>attachments</c> of a <c>POST /messages</c> body, refusing every unsafe shape.</summary>
public static class RichContentValidator
{
    private const string AttachmentsShape = "The field 'attachments' must be a list of {filename, content_type, content} objects.";

    private static readonly JsonShape s_attachment = new(
        new("filename", JsonShape.MemberKind.String, Required: true),
        new("content_type", JsonShape.MemberKind.String, Required: true),
        new("content", JsonShape.MemberKind.String, Required: true));

    // Headers Mailr or the provider writes itself; a caller's X- header can never collide with them, but keep the rule explicit.
    private static readonly HashSet<string> s_reserved = new(StringComparer.OrdinalIgnoreCase) { "X-Mailr-Id" };

    public static (IReadOnlyList<MessageHeader> Headers, string? Error) Headers(IReadOnlyDictionary<string, string>? fields)
    {
        var headers = new List<MessageHeader>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            if (!IsHeaderName(name) || !name.StartsWith("X-", StringComparison.OrdinalIgnoreCase) || name.Length < 3 || s_reserved.Contains(name))
            {
                return ([], $"The header name '{Printable(name)}' in 'headers' is not allowed: names start with X- and use only letters, digits and - (no spaces or control characters).");
            }

            if (!seen.Add(name))
            {
                return ([], $"The header '{name}' appears more than once in 'headers'.");
            }

            if (value is null)
            {
                return ([], MustBeString(name));
            }

            if (value.Any(c => char.IsControl(c) && c != '\t'))
            {
                return ([], $"The header '{name}' in 'headers' must not contain line breaks or other control characters.");
            }

            headers.Add(new MessageHeader(name, value));
        }

        return (headers, null);
    }

    public static (IReadOnlyList<Attachment> Attachments, string? Error) Attachments(IReadOnlyList<AttachmentRequest>? parts)
    {
        var attachments = new List<Attachment>();
        for (var i = 0; i < (parts?.Count ?? 0); i++)
        {
            var where = $"attachments[{i}]";
            if (parts![i] is not { } part)
            {
                return ([], MustBeObject(where));
            }

            if (AttachmentRules.FileNameProblem(part.Filename) is { } nameProblem)
            {
                return ([], $"The filename of '{where}' {nameProblem}.");
            }

            if (!AttachmentRules.IsMediaType(part.ContentType))
            {
                return ([], $"The content_type of '{where}' must be a media type like application/pdf.");
            }

            if (!Base64.IsValid(part.Content, out var length))
            {
                return ([], $"The content of '{where}' is not valid base64.");
            }

            var bytes = new byte[length];
            Convert.TryFromBase64String(part.Content, bytes, out var written);
            attachments.Add(new Attachment(part.Filename, part.ContentType.ToLowerInvariant(), written == length ? bytes : bytes[..written]));
        }

        return (attachments, null);
    }

    /// <summary>Words what the strict reader refused inside <c>headers</c>: <paramref name="path"/> starts at the header name.</summary>
    public static string DescribeHeaders(JsonElement headers, IReadOnlyList<string> path)
    {
        if (headers.ValueKind != JsonValueKind.Object)
        {
            return "The field 'headers' must be an object of header names to string values.";
        }

        if (path.Count == 0)
        {
            return "A header name in 'headers' is not valid Unicode text (a lone surrogate escape).";
        }

        var name = path[0];
        return headers.EnumerateObject().Count(p => p.NameEquals(name)) > 1 ? $"The header '{name}' appears more than once in 'headers'." : MustBeString(name);
    }

    /// <summary>Words what the strict reader refused inside <c>attachments</c>: <paramref name="path"/> starts at the index.</summary>
    public static string DescribeAttachments(JsonElement attachments, IReadOnlyList<string> path)
    {
        if (attachments.ValueKind != JsonValueKind.Array || path.Count == 0 || !int.TryParse(path[0], out var index) || index >= attachments.GetArrayLength())
        {
            return AttachmentsShape;
        }

        var where = $"attachments[{index}]";
        var item = attachments[index];
        return item.ValueKind == JsonValueKind.Object ? $"In '{where}': {s_attachment.Describe(item, [.. path.Skip(1)])}" : MustBeObject(where);
    }

    private static string MustBeString(string name) => $"The header '{name}' in 'headers' must have a string value.";

    private static string MustBeObject(string where) => $"'{where}' must be an object with filename, content_type and content.";

    private static bool IsHeaderName(string name) => name.Length is > 0 and <= 76 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static string Printable(string text) => new([.. text.Take(80).Select(c => char.IsControl(c) ? '?' : c)]);
}
