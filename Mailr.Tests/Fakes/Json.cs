using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Mailr.Tests.Fakes;

public static class Json
{
    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Body(object value) => Body(JsonSerializer.Serialize(value));

    /// <summary>A body sent as it is, under any Content-Type (even an invalid one).</summary>
    public static ByteArrayContent Raw(byte[] bytes, string mediaType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", mediaType);
        return content;
    }

    public static ByteArrayContent Raw(string body, string mediaType) => Raw(Encoding.UTF8.GetBytes(body), mediaType);

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
