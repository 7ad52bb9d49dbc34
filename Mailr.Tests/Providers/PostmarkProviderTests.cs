using System.Text.Json;
using Mailr.Grains.Options;
using Mailr.Grains.Providers;
using Mailr.Grains.Providers.Postmark;
using Microsoft.Extensions.DependencyInjection;
using WireMock.ResponseBuilders;
using Request = WireMock.RequestBuilders.Request;

namespace Mailr.Tests.Providers;

public sealed class PostmarkProviderTests() : HttpProviderContractTests("Postmark")
{
    private const string OkJson = """{"To":"zoe@xn--bcher-kva.example","SubmittedAt":"2026-12-02T08:00:00.0000000Z","MessageID":"b7bc2f4a-e38e-4336-af7d-e6c392c2f817","ErrorCode":0,"Message":"OK"}""";

    protected override string Secret => ProviderTestData.ApiKey;

    protected override Task<string?> AcceptedMessageIdAsync() => Task.FromResult<string?>("b7bc2f4a-e38e-4336-af7d-e6c392c2f817");

    protected override ProviderOptions Options() => Options(messageStream: "broadcast");

    protected override ProviderOptions OptionsAt(string? host) => Options(host, messageStream: null);

    protected override void RespondAccepted() => Respond(200, OkJson);

    // ErrorCode 10: a bad or missing server token.
    protected override void RespondAuthRefused(string message) => Respond(422, JsonSerializer.Serialize(new { ErrorCode = 10, Message = message }));

    // ErrorCode 100: Postmark's maintenance.
    protected override void RespondServerError(string message) => Respond(500, JsonSerializer.Serialize(new { ErrorCode = 100, Message = message }));

    [Fact]
    public async Task SendAsync_NoMessageStream_SendsOutbound()
    {
        Respond(200, OkJson);

        await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);

        var body = JsonDocument.Parse(Assert.Single(Server.LogEntries).RequestMessage!.Body!).RootElement;
        Assert.Equal("outbound", body.GetProperty("MessageStream").GetString());
        Assert.False(body.TryGetProperty("HtmlBody", out _));
    }

    [Theory]
    [InlineData(200, """{"To":"…","MessageID":"m-1","ErrorCode":0,"Message":"Message OK, but will not deliver to these inactive addresses: zoe@xn--bcher-kva.example, carol@example.com. Inactive recipients are ones that have generated a hard bounce or a spam complaint."}""",
        OutcomeClass.Sent, "m-1", "zoe@bücher.example", "carol@example.com")]
    [InlineData(200, """{"To":"…","MessageID":"m-1","ErrorCode":0,"Message":"Message OK, but will not deliver to these inactive addresses: bob@example.com"}""",
        OutcomeClass.Sent, "m-1", "bob@example.com")]
    [InlineData(422, """{"ErrorCode":406,"Message":"You tried to send to recipient(s) that have been marked as inactive."}""",
        OutcomeClass.Sent, null, "zoe@bücher.example", "bob@example.com", "carol@example.com", "dave@example.com")]
    [InlineData(422, """{"ErrorCode":300,"Message":"Invalid 'To' address: 'bob@example.com'."}""", OutcomeClass.Permanent, null)]
    [InlineData(422, """{"ErrorCode":300,"Message":"Error parsing 'Cc': Illegal email address 'carol.example.com'. It must contain the '@' symbol."}""", OutcomeClass.Permanent, null)]
    [InlineData(200, OkJson, OutcomeClass.Sent, "b7bc2f4a-e38e-4336-af7d-e6c392c2f817")]
    public async Task SendAsync_RefusalAnswer_RejectsOnlyInactiveAddressesAsAboutTheAddress(int status, string body, OutcomeClass outcome, string? messageId, params string[] inactive)
    {
        Respond(status, body);

        var result = await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal((outcome, messageId), (result.Outcome, result.ProviderMessageId));
        Assert.Equal([.. inactive.Select(a => new RecipientRejection(a, "inactive recipient", RefusalKind.Address))], result.Rejected);
        Assert.Empty(result.Deferred);
    }

    [Theory]
    [InlineData(200, "Message accepted, but delivery may be delayed.", OutcomeClass.Sent)]
    [InlineData(422, 10, OutcomeClass.Disabled)]
    [InlineData(422, 100, OutcomeClass.Retryable)]
    [InlineData(422, 300, OutcomeClass.Permanent)]
    [InlineData(422, 400, OutcomeClass.Disabled)]
    [InlineData(422, 401, OutcomeClass.Disabled)]
    [InlineData(422, 402, OutcomeClass.Permanent)]
    [InlineData(422, 403, OutcomeClass.Permanent)]
    [InlineData(422, 405, OutcomeClass.Disabled)]
    [InlineData(422, 409, OutcomeClass.Permanent)]
    [InlineData(422, 410, OutcomeClass.Permanent)]
    [InlineData(422, 411, OutcomeClass.Permanent)]
    [InlineData(422, 412, OutcomeClass.Disabled)]
    [InlineData(422, 413, OutcomeClass.Disabled)]
    [InlineData(422, 429, OutcomeClass.Retryable)]
    [InlineData(401, null, OutcomeClass.Disabled)]
    [InlineData(403, null, OutcomeClass.Disabled)]
    [InlineData(429, null, OutcomeClass.Retryable)]
    [InlineData(500, null, OutcomeClass.Retryable)]
    [InlineData(503, null, OutcomeClass.Retryable)]
    [InlineData(404, null, OutcomeClass.Permanent)]
    public async Task SendAsync_StatusAndErrorCode_ReturnsDocumentedClass(int status, object? errorCode, OutcomeClass outcome)
    {
        Respond(status, errorCode switch
        {
            string message => $$"""{"MessageID":"m-2","ErrorCode":0,"Message":"{{message}}"}""",
            int code => $$"""{"ErrorCode":{{code}},"Message":"Postmark error {{code}}"}""",
            _ => "<html><body>Forbidden</body></html>",
        });

        var result = await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(outcome, result.Outcome);
        Assert.Empty(result.Rejected);
        Assert.Equal(errorCode switch { string => null, int code => $"HTTP {status} ErrorCode {code}: Postmark error {code}", _ => $"HTTP {status}" }, result.Detail);
    }

    [Fact]
    public async Task SendAsync_NoBaseUrl_PostsToPublicPostmarkApi()
    {
        var handler = new RecordingHandler(OkJson);
        using var services = ProviderTestData.HttpServices(handler);

        var result = await new PostmarkProvider(new ProviderOptions { Type = "Postmark", ApiKey = ProviderTestData.ApiKey }, services.HttpClientFactory())
            .SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(ProviderResult.Sent("b7bc2f4a-e38e-4336-af7d-e6c392c2f817"), result with { Rejected = [] });
        Assert.Equal([new Uri("https://api.postmarkapp.com/email")], handler.RequestUris);
    }

    [Fact]
    public void Validate_NoApiKey_NamesTheKey()
    {
        var problems = new PostmarkProviderType().Validate(new ProviderOptions { Type = "Postmark" }, "Mailr:Providers:1");

        Assert.Equal(["Mailr:Providers:1:ApiKey is required for Postmark (the server token)."], problems);
    }

    protected override Task AssertRichFieldsArrivedAsync()
    {
        var request = Received;
        Assert.Equal("/email", request.Path);
        Assert.Equal(ProviderTestData.ApiKey, request.Headers!["X-Postmark-Server-Token"].Single());
        Assert.Equal("application/json", request.Headers!["Accept"].Single());
        var expected = JsonSerializer.Serialize(new
        {
            From = "\"Mailr Sender\" <sender@example.com>",
            To = "\"Zoë Ångström\" <zoe@xn--bcher-kva.example>, \"Bob \\\"The Builder\\\"\" <bob@example.com>",
            Cc = "carol@example.com",
            Bcc = "\"Dave\" <dave@example.com>",
            Subject = "Grüße from Mailr",
            TextBody = "Hello Zoë,\nthis is line two.",
            HtmlBody = "<p>Hello Zoë</p>",
            ReplyTo = "\"Replies\" <replies@example.com>, help@example.com",
            Headers = new[] { new { Name = "X-Campaign", Value = "spring-2026" } },
            Attachments = new[] { new { Name = "invoice.pdf", Content = Convert.ToBase64String(ProviderTestData.PdfBytes), ContentType = "application/pdf" } },
            Metadata = new { mailr_message_id = "msg-0001" },
            MessageStream = "broadcast",
        });
        Assert.Equal(expected, ProviderTestData.Json(request.Body!));
        return Task.CompletedTask;
    }

    private ProviderOptions Options(string? host = null, string? messageStream = null) =>
        new() { Type = "Postmark", BaseUrl = host is null ? Server.Url : $"http://{host}", ApiKey = ProviderTestData.ApiKey, MessageStream = messageStream };

    private PostmarkProvider Provider(string? messageStream = null) => new(Options(messageStream: messageStream), Services.HttpClientFactory());

    private void Respond(int status, string body) =>
        Server.Given(Request.Create().WithPath("/email").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithBody(body).WithHeader("Content-Type", body.StartsWith('{') ? "application/json" : "text/html"));
}
