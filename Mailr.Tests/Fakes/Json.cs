using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Mailr.Tests.Fakes;

public static class Json
{
    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Body(object value) => Body(JsonSerializer.Serialize(value));

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>The message id of a <c>POST /messages</c> answer (202, or an Idempotency-Key replay).</summary>
    public static async Task<string> IdAsync(HttpResponseMessage response) => Json.IdOf(await response.Content.ReadAsStringAsync());

    /// <summary>The message id in a <c>POST /messages</c> answer's body.</summary>
    public static string IdOf(string body) =>
        JsonDocument.Parse(body).RootElement.TryGetProperty("id", out var id) && id.GetString() is { Length: > 0 } value
            ? value
            : throw new Xunit.Sdk.XunitException($"the answer has no message id: {body}");

    /// <summary>The request of SPEC.md's example.</summary>
    public static object SampleRequest() => new
    {
        from = "Amit Ruparel <amit@example.com>",
        to = new[] { "nishant@example.com" },
        subject = "Hello",
        text = "Testing some Mailr awesomeness!",
        cc = new[] { "deepak@example.com" },
        bcc = new[] { "Jay Patel <jay@example.com>", "sagar@example.com" },
    };
}
