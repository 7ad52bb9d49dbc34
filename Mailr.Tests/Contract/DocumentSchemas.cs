using System.Text.Json.Nodes;
using NJsonSchema;

namespace Mailr.Tests.Contract;

/// <summary>
/// Turns a schema of the OpenAPI 3.1 document into one NJsonSchema (draft 4-7) can check: component <c>$ref</c>s point into
/// <c>definitions</c>, and every object schema refuses members it does not list, so a field on the wire that the
/// document does not name is a failure too. (3.1's <c>"type": ["null", "string"]</c> is valid draft-4 already.)
/// </summary>
public static class DocumentSchemas
{
    private const string ComponentPrefix = "#/components/schemas/";

    public static async Task<JsonSchema> ForAsync(JsonObject document, JsonNode schema)
    {
        var root = new JsonObject { ["allOf"] = new JsonArray(Convert(schema)) };
        var definitions = new JsonObject();
        foreach (var (name, component) in document["components"]?["schemas"]?.AsObject() ?? [])
        {
            definitions[name] = Convert(component!);
        }

        root["definitions"] = definitions;
        return await JsonSchema.FromJsonAsync(root.ToJsonString());
    }

    private static JsonNode Convert(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                var copy = new JsonObject();
                foreach (var (key, value) in o)
                {
                    copy[key] = key == "$ref" && value!.GetValue<string>().StartsWith(ComponentPrefix, StringComparison.Ordinal)
                        ? "#/definitions/" + value.GetValue<string>()[ComponentPrefix.Length..]
                        : value is null ? null : Convert(value);
                }

                if (copy.ContainsKey("properties") && !copy.ContainsKey("additionalProperties"))
                {
                    copy["additionalProperties"] = false;
                }

                return copy;
            case JsonArray a:
                return new JsonArray([.. a.Select(e => e is null ? null : Convert(e))]);
            default:
                return node.DeepClone();
        }
    }
}
