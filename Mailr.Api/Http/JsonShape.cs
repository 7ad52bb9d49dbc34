using System.Text.Json;

namespace Mailr.Api.Http;

/// <summary>
/// The members a request body may have, used only to word a refusal: given the <see cref="JsonException.Path"/> where the
/// strict reader stopped (<c>$.to[1]</c>, <c>$.headers.X-Tag</c>), it looks at the body there and says what is wrong in
/// words that name the field (unknown, duplicated, missing, of the wrong type, not valid Unicode).
/// </summary>
public sealed class JsonShape(params JsonShape.Member[] members)
{
    /// <summary>A member; <paramref name="Nested"/> words problems inside its value (given the value and the rest of the path).</summary>
    public sealed record Member(string Name, MemberKind Kind, bool Required = false, Func<JsonElement, IReadOnlyList<string>, string>? Nested = null);

    public enum MemberKind
    {
        String,
        StringList,
        Nested,
    }

    public string Describe(JsonElement value, IReadOnlyList<string> path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return "The body must be a JSON object.";
        }

        if (path.Count == 0)
        {
            if (value.EnumerateObject().Any(p => !TryName(p, out _)))
            {
                return "A field name is not valid Unicode text (a lone surrogate escape).";
            }

            var missing = members.FirstOrDefault(m => m.Required && !value.TryGetProperty(m.Name, out _));
            return missing is not null ? Required(missing.Name) : "The body does not have the expected fields.";
        }

        var name = path[0];
        if (members.FirstOrDefault(m => m.Name == name) is not { } member)
        {
            return members.Length == 0
                ? $"Unknown field '{name}'; this body takes no fields (send {{}} or nothing)."
                : $"Unknown field '{name}'; expected {string.Join(", ", members.Select(m => m.Name))}.";
        }

        if (value.EnumerateObject().Count(p => p.NameEquals(name)) > 1)
        {
            return $"The field '{name}' appears more than once.";
        }

        var field = value.GetProperty(name);
        return (member.Kind, field.ValueKind) switch
        {
            (_, JsonValueKind.Null) => Required(name),
            (MemberKind.Nested, _) => member.Nested!(field, [.. path.Skip(1)]),
            (MemberKind.String, JsonValueKind.String) => NotUnicode(name),
            (MemberKind.String, _) => $"The field '{name}' must be a string.",
            (MemberKind.StringList, JsonValueKind.Array) when field.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) => NotUnicode(name),
            _ => ListOfStrings(name),
        };
    }

    public static string Required(string name) => $"The field '{name}' is required.";

    public static string ListOfStrings(string name) => $"The field '{name}' must be a list of strings.";

    /// <summary>The name of a property, or false when it is not valid Unicode (a lone surrogate escape).</summary>
    public static bool TryName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = "";
            return false;
        }
    }

    private static string NotUnicode(string name) => $"The field '{name}' is not valid Unicode text (a lone surrogate escape).";
}
