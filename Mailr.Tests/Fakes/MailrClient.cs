using System.Net;
using System.Text.Json;

namespace Mailr.Tests.Fakes;

/// <summary>
/// Mailr's HTTP API as the tests call it: one helper per endpoint. The helpers that return a value
/// assert the success status first and fail with the answer's body, so a test never reads a field
/// of an error by mistake.
/// </summary>
public static class MailrClient
{
    /// <summary>
    /// <c>POST /messages</c> of <paramref name="request"/> (an object, or JSON text; SPEC.md's example when null);
    /// asserts 202 and returns the message id.
    /// </summary>
    public static async Task<string> PostMessageAsync(this HttpClient client, object? request = null, CancellationToken cancellationToken = default)
    {
        var body = request is string json ? Json.Body(json) : Json.Body(request ?? Json.SampleRequest());
        using var response = await client.PostAsync("/messages", body, cancellationToken);
        await AssertStatusAsync(response, HttpStatusCode.Accepted, "POST /messages");
        return await Json.IdAsync(response);
    }

    /// <summary><c>POST /status</c> for one recipient, whatever the answer.</summary>
    public static Task<HttpResponseMessage> PostStatusAsync(this HttpClient client, string id, string email) =>
        client.PostAsync("/status", Json.Body(new { id, email }));

    /// <summary><c>POST /status</c>; asserts 200 and returns the recipient's status (<c>accepted</c>, <c>sent</c>, <c>failed</c>).</summary>
    public static async Task<string?> StatusAsync(this HttpClient client, string id, string email)
    {
        using var response = await client.PostStatusAsync(id, email);
        await AssertStatusAsync(response, HttpStatusCode.OK, "POST /status");
        return (await Json.ReadAsync(response)).GetProperty("status").GetString();
    }

    /// <summary><c>POST /story</c> for one recipient, whatever the answer.</summary>
    public static Task<HttpResponseMessage> PostStoryAsync(this HttpClient client, string id, string email) =>
        client.PostAsync("/story", Json.Body(new { id, email }));

    /// <summary>
    /// Asserts an error answer: <paramref name="status"/>, a JSON body with a non-empty <c>message</c>
    /// (naming <paramref name="mentioning"/> when given). Returns the body.
    /// </summary>
    public static async Task<JsonElement> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string? mentioning = null)
    {
        await AssertStatusAsync(response, status, "the request");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await Json.ReadAsync(response);
        Assert.Equal(JsonValueKind.String, body.GetProperty("message").ValueKind);
        var message = body.GetProperty("message").GetString();
        Assert.NotEqual("", message);
        if (mentioning is not null)
        {
            Assert.Contains(mentioning, message, StringComparison.Ordinal);
        }

        return body;
    }

    private static async Task AssertStatusAsync(HttpResponseMessage response, HttpStatusCode status, string call)
    {
        if (response.StatusCode != status)
        {
            throw new Xunit.Sdk.XunitException($"{call} answered {(int)response.StatusCode}, expected {(int)status}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
