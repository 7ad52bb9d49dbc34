using System.Buffers.Text;
using System.Text.Json;
using Mailr.Grains.Messages;

namespace Mailr.Api.Messages;

/// <summary>Reads the optional <c>headers</c> and <c>attachments</c> of a <c>POST /messages</c> body, refusing every unsafe shape.</summary>
public static class RichContentReader
{
    private static readonly string[] s_attachmentFields = ["filename", "content_type", "content"];

    // Headers Mailr or the provider writes itself; a caller's X- header can never collide with them, but keep the rule explicit.
    private static readonly HashSet<string> s_reserved = new(StringComparer.OrdinalIgnoreCase) { "X-Mailr-Id" };

    public static IReadOnlyList<MessageHeader> Headers(JsonFields fields)
    {
        if (fields.Element("headers") is not { } element)
        {
            return [];
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            fields.Fail("The field 'headers' must be an object of header names to string values.");
            return [];
        }

        var headers = new List<MessageHeader>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject())
        {
            if (JsonFields.Name(property) is not { } name || !IsHeaderName(name) || !name.StartsWith("X-", StringComparison.OrdinalIgnoreCase) || name.Length < 3 || s_reserved.Contains(name))
            {
                fields.Fail($"The header name '{Printable(SafeName(property))}' in 'headers' is not allowed: names start with X- and use only letters, digits and - (no spaces or control characters).");
                return [];
            }

            if (!seen.Add(name))
            {
                fields.Fail($"The header '{name}' appears more than once in 'headers'.");
                return [];
            }

            if (property.Value.ValueKind != JsonValueKind.String || JsonFields.Text(property.Value) is not { } value)
            {
                fields.Fail($"The header '{name}' in 'headers' must have a string value.");
                return [];
            }

            if (value.Any(c => char.IsControl(c) && c != '\t'))
            {
                fields.Fail($"The header '{name}' in 'headers' must not contain line breaks or other control characters.");
                return [];
            }

            headers.Add(new MessageHeader(name, value));
        }

        return headers;
    }

    public static IReadOnlyList<Attachment> Attachments(JsonFields fields)
    {
        if (fields.Element("attachments") is not { } element)
        {
            return [];
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            fields.Fail("The field 'attachments' must be a list of {filename, content_type, content} objects.");
            return [];
        }

        var attachments = new List<Attachment>();
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var where = $"attachments[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                fields.Fail($"'{where}' must be an object with filename, content_type and content.");
                return [];
            }

            var part = JsonFields.Read(item, s_attachmentFields);
            var fileName = part.String("filename");
            var contentType = part.String("content_type");
            var content = part.String("content");
            if (part.Error is not null)
            {
                fields.Fail($"In '{where}': {part.Error}");
                return [];
            }

            if (AttachmentRules.FileNameProblem(fileName!) is { } nameProblem)
            {
                fields.Fail($"The filename of '{where}' {nameProblem}.");
                return [];
            }

            if (!AttachmentRules.IsMediaType(contentType!))
            {
                fields.Fail($"The content_type of '{where}' must be a media type like application/pdf.");
                return [];
            }

            if (!Base64.IsValid(content!, out var length))
            {
                fields.Fail($"The content of '{where}' is not valid base64.");
                return [];
            }

            var bytes = new byte[length];
            Convert.TryFromBase64String(content!, bytes, out var written);
            attachments.Add(new Attachment(fileName!, contentType!.ToLowerInvariant(), written == length ? bytes : bytes[..written]));
        }

        return attachments;
    }

    private static bool IsHeaderName(string name) => name.Length is > 0 and <= 76 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static string SafeName(JsonProperty property) => JsonFields.Name(property) ?? "?";

    private static string Printable(string text) => new([.. text.Take(80).Select(c => char.IsControl(c) ? '?' : c)]);
}
