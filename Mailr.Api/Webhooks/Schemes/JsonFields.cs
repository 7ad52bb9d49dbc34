using System.Globalization;
using System.Text.Json;

namespace Mailr.Api.Webhooks.Schemes;

/// <summary>Reads fields of a provider's JSON without trusting its shape: a missing field or a wrong type is null, never an exception.</summary>
internal static class JsonFields
{
    public const int DetailLength = 200;

    public static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    public static JsonElement? ObjectOf(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Object } value ? value : null;

    public static JsonElement? ArrayOf(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Array } value ? value : null;

    public static string? Text(JsonElement element, string name) => Property(element, name) is { } value ? AsString(value) : null;

    /// <summary>The string value; null for another type or for text .NET cannot hold (an unpaired surrogate escape).</summary>
    public static string? AsString(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>An ISO 8601 time such as <c>2017-08-05T00:41:02.669Z</c>, read as UTC when it names no offset.</summary>
    public static DateTimeOffset? Time(JsonElement element, string name) => Time(Text(element, name));

    public static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    public static string? Short(string? text) => text is { Length: > DetailLength } ? text[..DetailLength] : text;
}
