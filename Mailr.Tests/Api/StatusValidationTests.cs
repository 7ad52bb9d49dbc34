using System.Net;
using System.Text;
using System.Text.Json;

namespace Mailr.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class StatusValidationTests(ApiFixture fixture)
{
    public static TheoryData<string, string?> MalformedBodies => new()
    {
        { "", null },
        { """{"id":"AAAAAAAAAAAAAAAAAAAAAA","email":"nishant@example.com\""", null },
        { """{"id":"AAAAAAAAAAAAAAAAAAAAAA","email":"nishant@example.com",}""", null },
        { "{'id':'AAAAAAAAAAAAAAAAAAAAAA','email':'nishant@example.com'}", null },
        { "null", null },
        { """[{"id":"AAAAAAAAAAAAAAAAAAAAAA","email":"nishant@example.com"}]""", null },
        { "42", null },
        { "\"AAAAAAAAAAAAAAAAAAAAAA\"", null },
        { """{"email":"nishant@example.com"}""", "id" },
        { """{"id":"AAAAAAAAAAAAAAAAAAAAAA"}""", "email" },
        { "{}", "id" },
        { """{"id":null,"email":"nishant@example.com"}""", "id" },
        { """{"id":"AAAAAAAAAAAAAAAAAAAAAA","email":null}""", "email" },
        { """{"id":42,"email":"nishant@example.com"}""", "id" },
        { """{"id":["AAAAAAAAAAAAAAAAAAAAAA"],"email":"nishant@example.com"}""", "id" },
        { """{"id":{"value":"AAAAAAAAAAAAAAAAAAAAAA"},"email":"nishant@example.com"}""", "id" },
        { """{"id":"AAAAAAAAAAAAAAAAAAAAAA","email":["nishant@example.com"]}""", "email" },
        { """{"id":"AAAAAAAAAAAAAAAAAAAAAA","email":true}""", "email" },
        { """{"id":"AAAAAAAAAAAAAAAAAAAAAA","email":"nishant@example.com","recipient":"nishant@example.com"}""", "recipient" },
        { """{"id":"AAAAAAAAAAAAAAAAAAAAAA","id":"BBBBBBBBBBBBBBBBBBBBBB","email":"nishant@example.com"}""", "id" },
        { """{"id":"\ud800","email":"nishant@example.com"}""", "id" },
        { """{"id":"AAAAAAAAAAAAAAAAAAAAAA","email":"nishant"}""", "email" },
        { """{"id":"AAAAAAAAAAAAAAAAAAAAAA","email":""}""", "email" },
        { """{"id":"AAAAAAAAAAAAAAAAAAAAAA","email":"a@b"}""", "email" },
        { """{"id":"AAAAAAAAAAAAAAAAAAAAAA","email":"nishant@example.com, deepak@example.com"}""", "email" },
        { """{"id":"AAAAAAAAAAAAAAAAAAAAAA","email":"nishant@example.com\r\nBcc: victim@example.org"}""", "email" },
        { """{"id":"AAAAAAAAAAAAAAAAAAAAAA","email":"nishant\u0000@example.com"}""", "email" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Status_MalformedBody_Returns400NamingField(string json, string? field)
    {
        var response = await PostAsync(Json.Raw(json, "application/json"));

        var body = await MailrClient.AssertErrorAsync(response, HttpStatusCode.BadRequest);
        if (field is not null)
        {
            Assert.Contains($"'{field}'", body.GetProperty("message").GetString());
        }
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=latin1")]
    [InlineData("multipart/form-data; boundary=mailr")]
    public async Task Status_NonJsonMediaType_Returns415(string mediaType)
    {
        var response = await PostAsync(Json.Raw("""{"id":"AAAAAAAAAAAAAAAAAAAAAA","email":"nishant@example.com"}""", mediaType));

        await MailrClient.AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Status_NoContentType_Returns415()
    {
        var response = await PostAsync(new ByteArrayContent(Encoding.UTF8.GetBytes("""{"id":"AAAAAAAAAAAAAAAAAAAAAA","email":"nishant@example.com"}""")));

        await MailrClient.AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Status_BodyOverLimit_Returns413()
    {
        var response = await PostAsync(Json.Body(new { id = MessageId.New(), email = $"{new string('a', ApiFixture.MaxBodyBytes)}@example.com" }));

        await MailrClient.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Status_UnknownMalformedAndNonRecipient_SameNotFoundBytes()
    {
        var id = await fixture.Client.PostMessageAsync();
        var requests = new object[]
        {
            new { id = MessageId.New(), email = "nishant@example.com" },
            new { id, email = "stranger@example.com" },
            new { id, email = "Nishant <nishant@example.org>" },
            new { id = id[..21], email = "nishant@example.com" },
            new { id = id + "A", email = "nishant@example.com" },
            new { id = "", email = "nishant@example.com" },
            new { id = "!!!!!!!!!!!!!!!!!!!!!!", email = "nishant@example.com" },
            new { id = "../../../../etc/passwd", email = "nishant@example.com" },
            new { id = new string([.. id.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c))]), email = "nishant@example.com" },
            new { id = new string('A', 10_000), email = "nishant@example.com" },
        };

        var responses = new List<HttpResponseMessage>();
        foreach (var request in requests)
        {
            responses.Add(await PostAsync(Json.Body(request)));
        }

        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsByteArrayAsync()));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.All(responses, r => Assert.Equal("application/json", r.Content.Headers.ContentType?.MediaType));
        Assert.All(bodies, b => Assert.Equal(bodies[0], b));
        Assert.Equal("""{"message":"No message with this id was sent to this recipient."}""", Encoding.UTF8.GetString(bodies[0]));
    }

    [Theory]
    [InlineData("nishant@example.com")]
    [InlineData("NISHANT@Example.COM")]
    [InlineData("  deepak@example.com ")]
    [InlineData("Jay Patel <jay@example.com>")]
    [InlineData("\"Sagar\" <sagar@example.com>")]
    public async Task Status_KnownIdAndRecipient_Returns200Sent(string email)
    {
        var id = await fixture.Client.PostMessageAsync();
        await fixture.Factory.Recorder.WaitFinishedAsync(id);

        var response = await PostAsync(Json.Body(new { id, email }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("sent", (await Json.ReadAsync(response)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Status_SenderAsEmail_Returns404()
    {
        var id = await fixture.Client.PostMessageAsync();

        var response = await PostAsync(Json.Body(new { id, email = "amit@example.com" }));

        await MailrClient.AssertErrorAsync(response, HttpStatusCode.NotFound);
    }

    private async Task<HttpResponseMessage> PostAsync(HttpContent content) => await fixture.Client.PostAsync("/status", content);
}
