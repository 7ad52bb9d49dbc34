using System.Text.Json;
using Mailr.Grains.Options;
using Mailr.Grains.Providers;
using Mailr.Grains.Providers.Resend;
using Microsoft.Extensions.DependencyInjection;
using WireMock.ResponseBuilders;
using Request = WireMock.RequestBuilders.Request;

namespace Mailr.Tests.Providers;

public sealed class ResendProviderTests() : HttpProviderContractTests("Resend")
{
    private const string OkJson = """{"id":"49a3999c-0ce1-4ea6-ab68-afcd6dc2e794"}""";
    private const string AllRecipientsKey = "mailr-msg-0001-0ce78648b149e1e036822b7ea2787b865f9329811e130930534ad31ab0dc1c87";

    protected override string Secret => ProviderTestData.ApiKey;

    protected override Task<string?> AcceptedMessageIdAsync() => Task.FromResult<string?>("49a3999c-0ce1-4ea6-ab68-afcd6dc2e794");

    protected override ProviderOptions Options() => OptionsAt(null);

    protected override ProviderOptions OptionsAt(string? host) =>
        new() { Type = "Resend", BaseUrl = host is null ? Server.Url : $"http://{host}", ApiKey = ProviderTestData.ApiKey };

    protected override void RespondAccepted() => Respond(200, OkJson);

    protected override void RespondAuthRefused(string message) => Respond(401, JsonSerializer.Serialize(new { statusCode = 401, name = "invalid_api_key", message }));

    protected override void RespondServerError(string message) => Respond(500, JsonSerializer.Serialize(new { statusCode = 500, name = "internal_server_error", message }));

    [Fact]
    public void IdempotencyKey_SameRecipientsInAnyOrderOrCase_IsTheSameFixedValue()
    {
        var email = ProviderTestData.Email();
        var reordered = email with { To = [new("BOB@example.com"), new("zoe@bücher.example")], Cc = [new("dave@example.com")], Bcc = [new("carol@example.com")] };

        Assert.Equal(AllRecipientsKey, ResendIdempotencyKey.For(email));
        Assert.Equal(AllRecipientsKey, ResendIdempotencyKey.For(reordered));
    }

    [Fact]
    public void IdempotencyKey_OtherRecipientsOrOtherMessage_Differs()
    {
        var email = ProviderTestData.Email();

        var subset = ResendIdempotencyKey.For(email with { To = [], Cc = [ProviderTestData.Carol], Bcc = [] });
        var otherMessage = ResendIdempotencyKey.For(ProviderTestData.Email("msg-0002"));

        Assert.Equal("mailr-msg-0001-e0d47ca1bc1eb62e650fc1fd660a9bfbf7cba8dc6337d81df7ea9aa9071a24a5", subset);
        Assert.NotEqual(AllRecipientsKey, otherMessage);
        Assert.True(AllRecipientsKey.Length <= 256);
    }

    [Theory]
    [InlineData(400, "validation_error", OutcomeClass.Permanent)]
    [InlineData(400, "invalid_idempotency_key", OutcomeClass.Permanent)]
    [InlineData(401, "missing_api_key", OutcomeClass.Disabled)]
    [InlineData(401, "restricted_api_key", OutcomeClass.Disabled)]
    [InlineData(403, "invalid_api_key", OutcomeClass.Disabled)]
    [InlineData(403, "validation_error", OutcomeClass.Disabled)]
    [InlineData(403, "invalid_from_address", OutcomeClass.Disabled)]
    [InlineData(404, "not_found", OutcomeClass.Permanent)]
    [InlineData(405, "method_not_allowed", OutcomeClass.Permanent)]
    [InlineData(409, "invalid_idempotent_request", OutcomeClass.Permanent)]
    [InlineData(409, "concurrent_idempotent_requests", OutcomeClass.Retryable)]
    [InlineData(422, "missing_required_field", OutcomeClass.Permanent)]
    [InlineData(422, "invalid_parameter", OutcomeClass.Permanent)]
    [InlineData(422, "invalid_access", OutcomeClass.Permanent)]
    [InlineData(429, "rate_limit_exceeded", OutcomeClass.Retryable)]
    [InlineData(429, "daily_quota_exceeded", OutcomeClass.Disabled)]
    [InlineData(429, "monthly_quota_exceeded", OutcomeClass.Disabled)]
    [InlineData(500, "application_error", OutcomeClass.Retryable)]
    [InlineData(500, "internal_server_error", OutcomeClass.Retryable)]
    [InlineData(502, null, OutcomeClass.Retryable)]
    public async Task SendAsync_ErrorName_ReturnsDocumentedClass(int status, string? name, OutcomeClass outcome)
    {
        Respond(status, name is null ? "<html>Bad Gateway</html>" : $$"""{"statusCode":{{status}},"name":"{{name}}","message":"Resend says {{name}}"}""");

        var result = await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(new ProviderResult(outcome, null, name is null ? $"HTTP {status}" : $"HTTP {status} {name}: Resend says {name}", []), result with { Rejected = [] });
    }

    [Theory]
    [InlineData(422, "validation_error", "Invalid `to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.", OutcomeClass.Permanent)]
    [InlineData(403, "validation_error", "You can only send testing emails to your own email address (sender@example.com).", OutcomeClass.Disabled)]
    public async Task SendAsync_ErrorNamesARecipient_ActsOnTheWholeMessageWithoutRefusingAnyone(int status, string name, string message, OutcomeClass outcome)
    {
        Respond(status, JsonSerializer.Serialize(new { statusCode = status, name, message }));

        var result = await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(outcome, result.Outcome);
        Assert.Empty(result.Rejected);
        Assert.Empty(result.Deferred);
    }

    [Fact]
    public async Task SendAsync_NoBaseUrl_PostsToPublicResendApi()
    {
        var handler = new RecordingHandler(OkJson);
        using var services = ProviderTestData.HttpServices(handler);

        await new ResendProvider(new ProviderOptions { Type = "Resend", ApiKey = ProviderTestData.ApiKey }, services.HttpClientFactory())
            .SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal([new Uri("https://api.resend.com/emails")], handler.RequestUris);
    }

    [Fact]
    public void Validate_NoApiKey_NamesTheKey()
    {
        Assert.Equal(["Mailr:Providers:0:ApiKey is required for Resend."], new ResendProviderType().Validate(new ProviderOptions { Type = "Resend" }, "Mailr:Providers:0"));
    }

    protected override Task AssertRichFieldsArrivedAsync()
    {
        var request = Received;
        Assert.Equal("/emails", request.Path);
        Assert.Equal("Bearer " + ProviderTestData.ApiKey, request.Headers!["Authorization"].Single());
        Assert.Equal(AllRecipientsKey, request.Headers!["Idempotency-Key"].Single());
        var expected = JsonSerializer.Serialize(new
        {
            from = "\"Mailr Sender\" <sender@example.com>",
            to = new[] { "\"Zoë Ångström\" <zoe@xn--bcher-kva.example>", "\"Bob \\\"The Builder\\\"\" <bob@example.com>" },
            cc = new[] { "carol@example.com" },
            bcc = new[] { "\"Dave\" <dave@example.com>" },
            reply_to = new[] { "\"Replies\" <replies@example.com>", "help@example.com" },
            subject = "Grüße from Mailr",
            text = "Hello Zoë,\nthis is line two.",
            html = "<p>Hello Zoë</p>",
            headers = new Dictionary<string, string> { ["X-Campaign"] = "spring-2026" },
            attachments = new[] { new { filename = "invoice.pdf", content = Convert.ToBase64String(ProviderTestData.PdfBytes), content_type = "application/pdf" } },
            tags = new[] { new { name = "mailr_message_id", value = "msg-0001" } },
        });
        Assert.Equal(expected, ProviderTestData.Json(request.Body!));
        return Task.CompletedTask;
    }

    private ResendProvider Provider() => new(Options(), Services.HttpClientFactory());

    private void Respond(int status, string body) =>
        Server.Given(Request.Create().WithPath("/emails").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithBody(body).WithHeader("Content-Type", body.StartsWith('{') ? "application/json" : "text/html"));
}
