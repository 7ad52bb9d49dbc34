using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using Mailr.Grains.Events;

namespace Mailr.Api.Webhooks.Schemes;

/// <summary>Reads provider JSON without trusting its shape: a missing field, a null or a wrong type is just null.</summary>
internal static class HmacSchemeJson
{
    private const long MaxUnixSeconds = 253_402_300_799;
    private const int MaxDetail = 200;

    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 32 };

    // Strings are only checked when read, so bad UTF-8 is refused here rather than thrown later.
    public static JsonDocument? Parse(ReadOnlyMemory<byte> utf8)
    {
        if (utf8.Span.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        if (!Utf8.IsValid(utf8.Span))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(utf8, s_options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static JsonElement? Field(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>A string field (names, addresses, times).</summary>
    public static string? Str(this JsonElement element, string name) => element.Field(name) is { } value ? value.AsString() : null;

    /// <summary>A string field, or a number's text (ids; Mandrill metadata values may be numbers).</summary>
    public static string? Text(this JsonElement element, string name) => element.Field(name) is { } value ? value.AsText() : null;

    public static string? AsText(this JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetRawText(),
        _ => value.AsString(),
    };

    /// <summary>A string value; null for anything else, and for an escaped lone surrogate (which <c>GetString</c> throws on).</summary>
    public static string? AsString(this JsonElement value)
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

    public static string? NonEmpty(this string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>Mailr's message id in a metadata object (current or legacy key).</summary>
    public static string? MessageIdIn(JsonElement? metadata) =>
        metadata is { ValueKind: JsonValueKind.Object } map ? ProviderMetadata.MessageIdFrom(key => map.Text(key)) : null;

    /// <summary>Unix seconds, possibly with a fraction, as a number or a numeric string.</summary>
    public static DateTimeOffset? UnixTime(JsonElement? value)
    {
        decimal seconds;
        if (value is { ValueKind: JsonValueKind.Number } number)
        {
            if (!number.TryGetDecimal(out seconds))
            {
                return null;
            }
        }
        else if (value?.AsString() is not { } text
            || !decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out seconds))
        {
            return null;
        }

        return seconds is >= 0 and <= MaxUnixSeconds ? DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond)) : null;
    }

    public static DateTimeOffset? IsoTime(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    /// <summary>A provider's diagnostic on one line, at most 200 characters.</summary>
    public static string? Short(string? text)
    {
        if (text.NonEmpty() is not { } value)
        {
            return null;
        }

        var line = string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (line.Length <= MaxDetail)
        {
            return line;
        }

        var cut = char.IsHighSurrogate(line[MaxDetail - 2]) ? MaxDetail - 2 : MaxDetail - 1;
        return line[..cut] + "…";
    }
}
