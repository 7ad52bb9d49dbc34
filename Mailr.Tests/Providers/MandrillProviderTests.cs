using System.Text.Json;
using Mailr.Grains.Options;
using Mailr.Grains.Providers;
using Mailr.Grains.Providers.Mandrill;
using Microsoft.Extensions.DependencyInjection;
using WireMock.ResponseBuilders;
using Request = WireMock.RequestBuilders.Request;

namespace Mailr.Tests.Providers;

public sealed class MandrillProviderTests() : HttpProviderContractTests("Mandrill")
{
    private const string SendPath = "/api/1.0/messages/send.json";
    private const string AllSentJson = """
        [{"email":"zoe@xn--bcher-kva.example","status":"sent","reject_reason":null,"_id":"abc123"},
         {"email":"bob@example.com","status":"sent","reject_reason":null,"_id":"abc124"},
         {"email":"carol@example.com","status":"queued","reject_reason":null,"_id":"abc125"},
         {"email":"dave@example.com","status":"scheduled","reject_reason":null,"_id":"abc126"}]
        """;

    protected override string Secret => ProviderTestData.ApiKey;

    protected override Task<string?> AcceptedMessageIdAsync() => Task.FromResult<string?>("abc123,abc124,abc125,abc126");

    protected override ProviderOptions Options() => OptionsAt(null);

    protected override ProviderOptions OptionsAt(string? host) =>
        new() { Type = "Mandrill", BaseUrl = (host is null ? Server.Url : $"http://{host}") + "/api/1.0/", ApiKey = ProviderTestData.ApiKey };

    protected override void RespondAccepted() => Respond(200, AllSentJson);

    // Mandrill refuses a key with a 500 named Invalid_Key.
    protected override void RespondAuthRefused(string message) => Respond(500, JsonSerializer.Serialize(new { status = "error", code = -1, name = "Invalid_Key", message }));

    protected override void RespondServerError(string message) => Respond(500, JsonSerializer.Serialize(new { status = "error", code = -1, name = "GeneralError", message }));

    [Fact]
    public async Task SendAsync_Accepted_PostsJsonWithKeyRecipientTypesAndMetadata()
    {
        Respond(200, AllSentJson);

        await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);

        var request = Assert.Single(Server.LogEntries).RequestMessage!;
        Assert.Equal("POST", request.Method);
        Assert.Equal(SendPath, request.Path);
        Assert.DoesNotContain(request.Headers!, h => string.Equals(h.Key, "Authorization", StringComparison.OrdinalIgnoreCase));
        var expected = JsonSerializer.Serialize(new
        {
            key = ProviderTestData.ApiKey,
            message = new
            {
                from_email = "sender@example.com",
                from_name = "Mailr Sender",
                subject = "Grüße from Mailr",
                text = "Hello Zoë,\nthis is line two.",
                to = new object[]
                {
                    new { email = "zoe@xn--bcher-kva.example", name = "Zoë Ångström", type = "to" },
                    new { email = "bob@example.com", name = "Bob \"The Builder\"", type = "to" },
                    new { email = "carol@example.com", type = "cc" },
                    new { email = "dave@example.com", name = "Dave", type = "bcc" },
                },
                metadata = new { mailr_message_id = "msg-0001" },
                preserve_recipients = true,
            },
        });
        Assert.Equal(expected, JsonSerializer.Serialize(JsonDocument.Parse(request.Body!).RootElement));
    }

    [Fact]
    public async Task SendAsync_MixedRecipientStatuses_ReturnsSentWithRejectedAndInvalidOnly()
    {
        Respond(200, """
            [{"email":"zoe@xn--bcher-kva.example","status":"rejected","reject_reason":"hard-bounce","_id":"r1"},
             {"email":"bob@example.com","status":"sent","reject_reason":null,"_id":"s1"},
             {"email":"carol@example.com","status":"queued","reject_reason":null,"_id":"q1"},
             {"email":"dave@example.com","status":"invalid","reject_reason":null}]
            """);

        var result = await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(OutcomeClass.Sent, result.Outcome);
        Assert.Equal("s1,q1", result.ProviderMessageId);
        Assert.Equal([new RecipientRejection("zoe@bücher.example", "hard-bounce", RefusalKind.Address), new RecipientRejection("dave@example.com", "invalid", RefusalKind.Address)], result.Rejected);
    }

    [Theory]
    [InlineData("rejected", "hard-bounce", RefusalKind.Address)]
    [InlineData("rejected", "invalid", RefusalKind.Address)]
    [InlineData("invalid", null, RefusalKind.Address)]
    [InlineData("invalid", "", RefusalKind.Address)]
    [InlineData("rejected", "spam", RefusalKind.Complaint)]
    [InlineData("rejected", "unsub", RefusalKind.Complaint)]
    [InlineData("rejected", "soft-bounce", RefusalKind.Provider)]
    [InlineData("rejected", "custom", RefusalKind.Provider)]
    [InlineData("rejected", "rule", RefusalKind.Provider)]
    [InlineData("rejected", "test-mode-limit", RefusalKind.Provider)]
    [InlineData("rejected", "unsigned", RefusalKind.Provider)]
    [InlineData("rejected", "invalid-sender", RefusalKind.Provider)]
    [InlineData("invalid", "invalid-sender", RefusalKind.Provider)]
    [InlineData("rejected", "some-new-reason", RefusalKind.Provider)]
    [InlineData("rejected", null, RefusalKind.Provider)]
    [InlineData("bounced", null, RefusalKind.Provider)]
    public async Task SendAsync_RecipientRefused_KindFollowsRejectReason(string status, string? reason, RefusalKind kind)
    {
        Respond(200, $$"""
            [{"email":"zoe@xn--bcher-kva.example","status":"sent","reject_reason":null,"_id":"s1"},
             {"email":"bob@example.com","status":"{{status}}","reject_reason":{{JsonSerializer.Serialize(reason)}}}]
            """);

        var result = await Provider().SendAsync(ProviderTestData.Email() with { Cc = [], Bcc = [] }, CancellationToken.None);

        Assert.Equal((OutcomeClass.Sent, "s1"), (result.Outcome, result.ProviderMessageId));
        Assert.Equal([new RecipientRejection("bob@example.com", string.IsNullOrEmpty(reason) ? status : reason, kind)], result.Rejected);
    }

    [Fact]
    public async Task SendAsync_AllRecipientsRejected_ReturnsSentWithEveryRecipientRejected()
    {
        Respond(200, """
            [{"email":"zoe@xn--bcher-kva.example","status":"rejected","reject_reason":"unsub"},
             {"email":"bob@example.com","status":"rejected","reject_reason":"spam"},
             {"email":"carol@example.com","status":"rejected","reject_reason":"test-mode-limit"},
             {"email":"dave@example.com","status":"invalid","reject_reason":null}]
            """);

        var result = await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(OutcomeClass.Sent, result.Outcome);
        Assert.Null(result.ProviderMessageId);
        Assert.Equal(
            [
                new RecipientRejection("zoe@bücher.example", "unsub", RefusalKind.Complaint),
                new RecipientRejection("bob@example.com", "spam", RefusalKind.Complaint),
                new RecipientRejection("carol@example.com", "test-mode-limit", RefusalKind.Provider),
                new RecipientRejection("dave@example.com", "invalid", RefusalKind.Address),
            ],
            result.Rejected);
    }

    [Fact]
    public async Task SendAsync_EmptyArray_ReturnsPermanent()
    {
        Respond(200, "[]");

        var result = await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(ProviderResult.Permanent("HTTP 200 without per-recipient results"), result with { Rejected = [] });
    }

    [Theory]
    [InlineData(500, "Invalid_Key", "Invalid API key", OutcomeClass.Disabled)]
    [InlineData(500, "PaymentRequired", "This feature is only available for accounts with a positive balance.", OutcomeClass.Disabled)]
    [InlineData(500, "ValidationError", "You must specify a key value", OutcomeClass.Permanent)]
    [InlineData(500, "Unknown_Subaccount", "No subaccount exists with the id 'cust-1'", OutcomeClass.Permanent)]
    [InlineData(500, "Unknown_Template", "No such template \"welcome\"", OutcomeClass.Permanent)]
    [InlineData(500, "GeneralError", "An unexpected error occurred processing the request.", OutcomeClass.Retryable)]
    [InlineData(503, "ServiceUnavailable", "Service temporarily unavailable", OutcomeClass.Retryable)]
    [InlineData(500, "Some_New_Error", "Something new", OutcomeClass.Retryable)]
    [InlineData(400, "Some_New_Error", "Something new", OutcomeClass.Permanent)]
    [InlineData(429, "Too_Many_Requests", "Slow down", OutcomeClass.Retryable)]
    public async Task SendAsync_ErrorBody_ClassifiesByName(int status, string name, string message, OutcomeClass outcome)
    {
        Respond(status, JsonSerializer.Serialize(new { status = "error", code = -1, name, message }));

        var result = await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(new ProviderResult(outcome, null, $"HTTP {status} {name}: {message}", []), result with { Rejected = [] });
        Assert.Empty(result.Rejected);
    }

    [Theory]
    [InlineData(500, OutcomeClass.Retryable)]
    [InlineData(502, OutcomeClass.Retryable)]
    [InlineData(404, OutcomeClass.Permanent)]
    public async Task SendAsync_HtmlErrorBody_ClassifiesByStatus(int status, OutcomeClass outcome)
    {
        Respond(status, "<html><head><title>Error</title></head><body>Bad gateway</body></html>", "text/html");

        var result = await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(new ProviderResult(outcome, null, $"HTTP {status}", []), result with { Rejected = [] });
    }

    [Fact]
    public async Task SendAsync_ErrorEchoesApiKey_DetailRedactsIt()
    {
        Respond(500, JsonSerializer.Serialize(new { status = "error", code = -1, name = "Invalid_Key", message = $"Invalid API key {ProviderTestData.ApiKey}" }));

        var result = await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(ProviderResult.Disabled("HTTP 500 Invalid_Key: Invalid API key [redacted]"), result with { Rejected = [] });
    }

    [Fact]
    public async Task SendAsync_NoBaseUrl_PostsToPublicMandrillApi()
    {
        var handler = new RecordingHandler(AllSentJson);
        using var services = ProviderTestData.HttpServices(handler);
        var provider = new MandrillProvider(new ProviderOptions { Type = "Mandrill", ApiKey = ProviderTestData.ApiKey }, services.HttpClientFactory());

        var result = await provider.SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(OutcomeClass.Sent, result.Outcome);
        Assert.Equal([new Uri("https://mandrillapp.com/api/1.0/messages/send.json")], handler.RequestUris);
    }

    [Theory]
    [InlineData(null, null, "Mandrill needs ApiKey under Mailr:Providers")]
    [InlineData(ProviderTestData.ApiKey, "mandrillapp.com/api/1.0", "Mandrill's BaseUrl is not an absolute URL")]
    public async Task SendAsync_MisconfiguredOptions_ReturnsDisabledWithoutCalling(string? apiKey, string? baseUrl, string detail)
    {
        var options = new ProviderOptions { Type = "Mandrill", BaseUrl = baseUrl ?? Server.Url, ApiKey = apiKey };

        var result = await new MandrillProvider(options, Services.HttpClientFactory()).SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(ProviderResult.Disabled(detail), result with { Rejected = [] });
        Assert.Empty(Server.LogEntries);
    }

    protected override Task AssertRichFieldsArrivedAsync()
    {
        var message = JsonDocument.Parse(Received.Body!).RootElement.GetProperty("message");
        Assert.Equal("<p>Hello Zoë</p>", message.GetProperty("html").GetString());
        Assert.Equal(
            JsonSerializer.Serialize(new Dictionary<string, string> { ["X-Campaign"] = "spring-2026", ["Reply-To"] = "\"Replies\" <replies@example.com>, help@example.com" }),
            JsonSerializer.Serialize(message.GetProperty("headers")));
        Assert.Equal(
            JsonSerializer.Serialize(new[] { new { type = "application/pdf", name = "invoice.pdf", content = Convert.ToBase64String(ProviderTestData.PdfBytes) } }),
            JsonSerializer.Serialize(message.GetProperty("attachments")));
        return Task.CompletedTask;
    }

    private MandrillProvider Provider() => new(Options(), Services.HttpClientFactory());

    private void Respond(int status, string body, string contentType = "application/json") =>
        Server.Given(Request.Create().WithPath(SendPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body));
}
