using System.Text.Json;
using Mailr.Grains.Options;
using Mailr.Grains.Providers;
using Mailr.Grains.Providers.SendGrid;
using Microsoft.Extensions.DependencyInjection;
using WireMock.ResponseBuilders;
using Request = WireMock.RequestBuilders.Request;

namespace Mailr.Tests.Providers;

public sealed class SendGridProviderTests() : HttpProviderContractTests("SendGrid")
{
    private const string SendPath = "/v3/mail/send";
    private const string AcceptedId = "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0";

    protected override string Secret => ProviderTestData.ApiKey;

    protected override Task<string?> AcceptedMessageIdAsync() => Task.FromResult<string?>(AcceptedId);

    protected override ProviderOptions Options() => OptionsAt(null);

    protected override ProviderOptions OptionsAt(string? host) =>
        new() { Type = "SendGrid", BaseUrl = host is null ? Server.Url : $"http://{host}", ApiKey = ProviderTestData.ApiKey };

    protected override void RespondAccepted() => Respond(202, "", messageId: AcceptedId);

    protected override void RespondAuthRefused(string message) => Respond(401, Errors(message));

    protected override void RespondServerError(string message) => Respond(503, Errors(message));

    [Fact]
    public async Task SendAsync_OneReplyTo_SendsReplyToObject()
    {
        Respond(202, "", messageId: "abc");
        var email = ProviderTestData.Email().With(c => c with { ReplyTo = [new("replies@example.com")] });

        await Provider().SendAsync(email, CancellationToken.None);

        var body = JsonDocument.Parse(Assert.Single(Server.LogEntries).RequestMessage!.Body!).RootElement;
        Assert.Equal("""{"email":"replies@example.com"}""", body.GetProperty("reply_to").GetRawText());
        Assert.False(body.TryGetProperty("reply_to_list", out _));
    }

    [Theory]
    [InlineData(202, "", OutcomeClass.Sent, null)]
    [InlineData(400, """{"errors":[{"message":"The from email does not contain a valid address.","field":"from.email"}]}""", OutcomeClass.Permanent, "HTTP 400: The from email does not contain a valid address.")]
    [InlineData(401, """{"errors":[{"message":"The provided authorization grant is invalid, expired, or revoked","field":null}]}""", OutcomeClass.Disabled, "HTTP 401: The provided authorization grant is invalid, expired, or revoked")]
    [InlineData(403, """{"errors":[{"message":"access forbidden","field":null}]}""", OutcomeClass.Disabled, "HTTP 403: access forbidden")]
    [InlineData(406, "", OutcomeClass.Permanent, "HTTP 406")]
    [InlineData(413, """{"errors":[{"message":"Payload Too Large","field":null}]}""", OutcomeClass.Permanent, "HTTP 413: Payload Too Large")]
    [InlineData(429, """{"errors":[{"message":"too many requests","field":null}]}""", OutcomeClass.Retryable, "HTTP 429: too many requests")]
    [InlineData(500, "", OutcomeClass.Retryable, "HTTP 500")]
    [InlineData(503, "<html>Service Unavailable</html>", OutcomeClass.Retryable, "HTTP 503")]
    public async Task SendAsync_Status_ReturnsDocumentedClass(int status, string body, OutcomeClass outcome, string? detail)
    {
        Respond(status, body, messageId: status == 202 ? "14c5d75ce93.dfd.64b469" : null);

        var result = await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(new ProviderResult(outcome, status == 202 ? "14c5d75ce93.dfd.64b469" : null, detail, []), result with { Rejected = [] });
    }

    [Theory]
    [InlineData("""{"errors":[{"message":"Does not contain a valid address.","field":"personalizations.0.to.0.email","help":"http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html#message.personalizations.to.email"}]}""")]
    [InlineData("""{"errors":[{"message":"The to email does not contain a valid address.","field":"personalizations.0.cc.0.email"}]}""")]
    public async Task SendAsync_400NamesOneRecipient_FailsOverWholeWithoutRefusingAnyone(string body)
    {
        Respond(400, body);

        var result = await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(OutcomeClass.Permanent, result.Outcome);
        Assert.Empty(result.Rejected);
        Assert.Empty(result.Deferred);
    }

    [Fact]
    public async Task SendAsync_202WithoutMessageId_ReturnsPermanent()
    {
        Respond(202, "");

        var result = await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(OutcomeClass.Permanent, result.Outcome);
    }

    [Fact]
    public async Task SendAsync_ErrorEchoesApiKey_DetailRedactsIt()
    {
        Respond(401, $$"""{"errors":[{"message":"bad key {{ProviderTestData.ApiKey}}"}]}""");

        var result = await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal("HTTP 401: bad key [redacted]", result.Detail);
    }

    [Fact]
    public async Task SendAsync_NoBaseUrl_PostsToPublicSendGridApi()
    {
        var handler = new RecordingHandler("");
        using var services = ProviderTestData.HttpServices(handler);

        await new SendGridProvider(new ProviderOptions { Type = "SendGrid", ApiKey = ProviderTestData.ApiKey }, services.HttpClientFactory())
            .SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal([new Uri("https://api.sendgrid.com/v3/mail/send")], handler.RequestUris);
    }

    [Fact]
    public void Validate_NoApiKey_NamesTheKey()
    {
        var problems = new SendGridProviderType().Validate(new ProviderOptions { Type = "SendGrid" }, "Mailr:Providers:3");

        Assert.Equal(["Mailr:Providers:3:ApiKey is required for SendGrid."], problems);
    }

    protected override Task AssertRichFieldsArrivedAsync()
    {
        var request = Received;
        Assert.Equal(SendPath, request.Path);
        Assert.Equal("Bearer " + ProviderTestData.ApiKey, request.Headers!["Authorization"].Single());
        var expected = JsonSerializer.Serialize(new
        {
            personalizations = new[]
            {
                new
                {
                    to = new object[] { new { email = "zoe@xn--bcher-kva.example", name = "Zoë Ångström" }, new { email = "bob@example.com", name = "Bob \"The Builder\"" } },
                    cc = new object[] { new { email = "carol@example.com" } },
                    bcc = new object[] { new { email = "dave@example.com", name = "Dave" } },
                },
            },
            from = new { email = "sender@example.com", name = "Mailr Sender" },
            subject = "Grüße from Mailr",
            content = new[] { new { type = "text/plain", value = "Hello Zoë,\nthis is line two." }, new { type = "text/html", value = "<p>Hello Zoë</p>" } },
            custom_args = new { mailr_message_id = "msg-0001" },
            reply_to_list = new object[] { new { email = "replies@example.com", name = "Replies" }, new { email = "help@example.com" } },
            headers = new Dictionary<string, string> { ["X-Campaign"] = "spring-2026" },
            attachments = new[] { new { content = Convert.ToBase64String(ProviderTestData.PdfBytes), filename = "invoice.pdf", type = "application/pdf", disposition = "attachment" } },
        });
        Assert.Equal(expected, ProviderTestData.Json(request.Body!));
        return Task.CompletedTask;
    }

    private static string Errors(string message) => JsonSerializer.Serialize(new { errors = new[] { new { message } } });

    private SendGridProvider Provider() => new(Options(), Services.HttpClientFactory());

    private void Respond(int status, string body, string? messageId = null)
    {
        var response = Response.Create().WithStatusCode(status).WithBody(body).WithHeader("Content-Type", body.StartsWith('{') ? "application/json" : "text/html");
        Server.Given(Request.Create().WithPath(SendPath).UsingPost())
            .RespondWith(messageId is null ? response : response.WithHeader("X-Message-Id", messageId));
    }
}
