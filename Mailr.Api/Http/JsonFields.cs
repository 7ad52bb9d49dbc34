using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Mailr.Api.Http;

/// <summary>Reads the fields of a JSON object strictly: known names only, each once, with the expected types.</summary>
public sealed class JsonFields
{
    private readonly Dictionary<string, JsonElement> _fields = new(StringComparer.Ordinal);

    private JsonFields()
    {
    }

    public string? Error { get; private set; }

    public static JsonFields Read(JsonElement root, IReadOnlyCollection<string> known)
    {
        var fields = new JsonFields();
        if (root.ValueKind != JsonValueKind.Object)
        {
            fields.Error = "The body must be a JSON object.";
            return fields;
        }

        foreach (var property in root.EnumerateObject())
        {
            if (!TryDecode(() => property.Name, out var name))
            {
                fields.Error = "A field name is not valid Unicode text (a lone surrogate escape).";
                return fields;
            }

            if (!known.Contains(name))
            {
                fields.Error = $"Unknown field '{name}'; expected {string.Join(", ", known)}.";
                return fields;
            }

            if (!fields._fields.TryAdd(name, property.Value))
            {
                fields.Error = $"The field '{name}' appears more than once.";
                return fields;
            }
        }

        return fields;
    }

    /// <summary>A required (or optional) string field; sets <see cref="Error"/> when it is missing or not a string.</summary>
    public string? String(string name, bool required = true)
    {
        if (Error is not null)
        {
            return null;
        }

        if (!_fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            Error = required ? $"The field '{name}' is required." : null;
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Error = $"The field '{name}' must be a string.";
            return null;
        }

        if (!TryDecode(value.GetString, out var text))
        {
            Error = NotUnicode(name);
            return null;
        }

        return text;
    }

    /// <summary>A list of strings; an absent or null optional list is empty.</summary>
    public IReadOnlyList<string> Strings(string name, bool required = true)
    {
        if (Error is not null)
        {
            return [];
        }

        if (!_fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            Error = required ? $"The field '{name}' is required." : null;
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            Error = $"The field '{name}' must be a list of strings.";
            return [];
        }

        var list = new List<string>();
        foreach (var element in value.EnumerateArray())
        {
            if (!TryDecode(element.GetString, out var text))
            {
                Error = NotUnicode(name);
                return [];
            }

            list.Add(text);
        }

        return list;
    }

    /// <summary>An optional field of any JSON type, for readers of nested values; null when absent or null.</summary>
    public JsonElement? Element(string name) =>
        Error is null && _fields.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>Records an error found by a reader of a nested value.</summary>
    public void Fail(string error) => Error ??= error;

    /// <summary>The text of a string element, or null when it is not valid Unicode (a lone surrogate escape).</summary>
    public static string? Text(JsonElement element) => TryDecode(element.GetString, out var text) ? text : null;

    /// <summary>The name of a property, or null when it is not valid Unicode.</summary>
    public static string? Name(JsonProperty property) => TryDecode(() => property.Name, out var name) ? name : null;

    private static string NotUnicode(string name) => $"The field '{name}' is not valid Unicode text (a lone surrogate escape).";

    // A \ud800-style escape without its pair is valid JSON but cannot become a .NET string: GetString throws.
    private static bool TryDecode(Func<string?> read, [NotNullWhen(true)] out string? text)
    {
        try
        {
            text = read();
            return text is not null;
        }
        catch (InvalidOperationException)
        {
            text = null;
            return false;
        }
    }
}
