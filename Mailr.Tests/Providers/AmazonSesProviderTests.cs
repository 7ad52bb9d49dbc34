using System.Text;
using System.Text.Json;
using Mailr.Grains.Options;
using Mailr.Grains.Providers;
using Mailr.Grains.Providers.AmazonSes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WireMock.ResponseBuilders;
using Request = WireMock.RequestBuilders.Request;

namespace Mailr.Tests.Providers;

public sealed class AmazonSesProviderTests() : HttpProviderContractTests("AmazonSes")
{
    private const string SendPath = "/v2/email/outbound-emails";
    private const string AccessKeyId = "AKIDEXAMPLE";
    private const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 8, 30, 0, TimeSpan.Zero));

    protected override string Secret => SecretAccessKey;

    protected override Task<string?> AcceptedMessageIdAsync() => Task.FromResult<string?>("010201234567abcd-aaaa-bbbb");

    protected override ProviderOptions Options() => SesOptions(Server.Url);

    protected override ProviderOptions OptionsAt(string? host) => SesOptions(host is null ? Server.Url : $"http://{host}");

    protected override void RespondAccepted() => Respond(200, """{"MessageId":"010201234567abcd-aaaa-bbbb"}""");

    protected override void RespondAuthRefused(string message) => Respond(403, JsonSerializer.Serialize(new { __type = "UnrecognizedClientException", message }));

    protected override void RespondServerError(string message) => Respond(500, JsonSerializer.Serialize(new { __type = "InternalFailure", message }));

    [Fact]
    public async Task SendAsync_AnyEmail_StubRecomputesTheSigV4Signature()
    {
        Respond(200, """{"MessageId":"m-1"}""");

        await Provider().SendAsync(ProviderTestData.RichEmail(), CancellationToken.None);

        var request = Assert.Single(Server.LogEntries).RequestMessage!;
        Assert.Equal("20261202T083000Z", Header(request, "X-Amz-Date"));
        var signed = new Dictionary<string, string>
        {
            ["content-type"] = Header(request, "Content-Type"),
            ["host"] = Header(request, "Host"),
            ["x-amz-date"] = Header(request, "X-Amz-Date"),
        };
        var expected = SigV4.Authorization("POST", new Uri(request.Url), signed, Encoding.UTF8.GetBytes(request.Body!),
            AccessKeyId, SecretAccessKey, "eu-west-1", "ses", _clock.GetUtcNow());
        Assert.Equal(expected, Header(request, "Authorization"));
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261202/eu-west-1/ses/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=", expected);
    }

    [Theory]
    [InlineData(400, "BadRequestException", OutcomeClass.Permanent)]
    [InlineData(400, "MessageRejected", OutcomeClass.Permanent)]
    [InlineData(400, "MailFromDomainNotVerifiedException", OutcomeClass.Permanent)]
    [InlineData(404, "NotFoundException", OutcomeClass.Permanent)]
    [InlineData(400, "AccountSuspendedException", OutcomeClass.Disabled)]
    [InlineData(400, "SendingPausedException", OutcomeClass.Disabled)]
    [InlineData(429, "TooManyRequestsException", OutcomeClass.Retryable)]
    [InlineData(400, "LimitExceededException", OutcomeClass.Retryable)]
    [InlineData(403, "InvalidSignatureException", OutcomeClass.Disabled)]
    [InlineData(403, "UnrecognizedClientException", OutcomeClass.Disabled)]
    [InlineData(500, "InternalFailure", OutcomeClass.Retryable)]
    [InlineData(503, null, OutcomeClass.Retryable)]
    public async Task SendAsync_ErrorTypeInHeader_ReturnsDocumentedClass(int status, string? type, OutcomeClass outcome)
    {
        Respond(status, type is null ? "" : """{"message":"SES says no"}""", type is null ? null : type + ":http://internal.amazon.com/coral/com.amazon.coral.service/");

        var result = await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(new ProviderResult(outcome, null, type is null ? $"HTTP {status}" : $"HTTP {status} {type}: SES says no", []), result with { Rejected = [] });
    }

    [Theory]
    [InlineData("""{"__type":"com.amazonaws.sesv2#MessageRejected","message":"Email address is not verified."}""", OutcomeClass.Permanent, "HTTP 400 MessageRejected: Email address is not verified.")]
    [InlineData("""{"__type":"SendingPausedException","Message":"Sending is paused for this account."}""", OutcomeClass.Disabled, "HTTP 400 SendingPausedException: Sending is paused for this account.")]
    [InlineData("""{"__type":"TooManyRequestsException","message":"Maximum sending rate exceeded."}""", OutcomeClass.Retryable, "HTTP 400 TooManyRequestsException: Maximum sending rate exceeded.")]
    public async Task SendAsync_ErrorTypeInBody_ReturnsDocumentedClass(string body, OutcomeClass outcome, string detail)
    {
        Respond(400, body);

        var result = await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(new ProviderResult(outcome, null, detail, []), result with { Rejected = [] });
    }

    [Theory]
    [InlineData("""{"__type":"MessageRejected","message":"Email address is not verified. The following identities failed the check in region EU-WEST-1: bob@example.com"}""")]
    [InlineData("""{"__type":"BadRequestException","message":"Illegal address"}""")]
    public async Task SendAsync_ErrorNamesARecipient_FailsOverWholeWithoutRefusingAnyone(string body)
    {
        Respond(400, body);

        var result = await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(OutcomeClass.Permanent, result.Outcome);
        Assert.Empty(result.Rejected);
        Assert.Empty(result.Deferred);
    }

    [Fact]
    public async Task SendAsync_ErrorEchoesSecretKey_DetailRedactsIt()
    {
        Respond(403, $$"""{"__type":"SignatureDoesNotMatch","message":"bad secret {{SecretAccessKey}}"}""");

        var result = await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal("HTTP 403 SignatureDoesNotMatch: bad secret [redacted]", result.Detail);
    }

    [Fact]
    public async Task SendAsync_NoBaseUrl_PostsToTheRegionsPublicEndpoint()
    {
        var handler = new RecordingHandler("""{"MessageId":"m-1"}""");
        using var services = ProviderTestData.HttpServices(handler);
        using var provider = new AmazonSesProvider(SesOptions(null), services.GetRequiredService<IHttpMessageHandlerFactory>(), _clock);

        await provider.SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal([new Uri("https://email.eu-west-1.amazonaws.com/v2/email/outbound-emails")], handler.RequestUris);
    }

    [Fact]
    public void Validate_NothingSet_NamesEveryRequiredKey()
    {
        var problems = new AmazonSesProviderType().Validate(new ProviderOptions { Type = "AmazonSes" }, "Mailr:Providers:4");

        Assert.Equal(
            ["Mailr:Providers:4:Region is required for AmazonSes (e.g. eu-west-1).", "Mailr:Providers:4:AccessKeyId is required for AmazonSes.", "Mailr:Providers:4:SecretAccessKey is required for AmazonSes."],
            problems);
    }

    protected override Task AssertRichFieldsArrivedAsync()
    {
        var request = Received;
        var to = JsonDocument.Parse(request.Body!).RootElement.GetProperty("Destination").GetProperty("ToAddresses").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.All(to, a => Assert.True(Ascii.IsValid(a), a));
        Assert.EndsWith("<zoe@xn--bcher-kva.example>", to[0], StringComparison.Ordinal);
        Assert.Equal([("Zoë Ångström", "zoe@bücher.example"), ("Bob \"The Builder\"", "bob@example.com")], to.Select(Parse));
        var expected = JsonSerializer.Serialize(new
        {
            FromEmailAddress = "Mailr Sender <sender@example.com>",
            Destination = new
            {
                ToAddresses = to,
                CcAddresses = new[] { "carol@example.com" },
                BccAddresses = new[] { "Dave <dave@example.com>" },
            },
            ReplyToAddresses = new[] { "Replies <replies@example.com>", "help@example.com" },
            Content = new
            {
                Simple = new
                {
                    Subject = new { Data = "Grüße from Mailr", Charset = "UTF-8" },
                    Body = new { Text = new { Data = "Hello Zoë,\nthis is line two.", Charset = "UTF-8" }, Html = new { Data = "<p>Hello Zoë</p>", Charset = "UTF-8" } },
                    Headers = new[] { new { Name = "X-Campaign", Value = "spring-2026" } },
                    Attachments = new[] { new { FileName = "invoice.pdf", RawContent = Convert.ToBase64String(ProviderTestData.PdfBytes), ContentType = "application/pdf" } },
                },
            },
            EmailTags = new[] { new { Name = "mailr_message_id", Value = "msg-0001" } },
        });
        Assert.Equal(expected, ProviderTestData.Json(request.Body!));
        return Task.CompletedTask;
    }

    private static ProviderOptions SesOptions(string? baseUrl) => new()
    {
        Type = "AmazonSes", BaseUrl = baseUrl, Region = "eu-west-1", AccessKeyId = AccessKeyId, SecretAccessKey = SecretAccessKey,
    };

    private AmazonSesProvider Provider() => new(Options(), Services.GetRequiredService<IHttpMessageHandlerFactory>(), _clock);

    private void Respond(int status, string body, string? errorType = null)
    {
        var response = Response.Create().WithStatusCode(status).WithBody(body).WithHeader("Content-Type", "application/json");
        Server.Given(Request.Create().WithPath(SendPath).UsingPost())
            .RespondWith(errorType is null ? response : response.WithHeader("x-amzn-ErrorType", errorType));
    }

    private static (string Name, string Address) Parse(string mailbox) =>
        MimeKit.MailboxAddress.Parse(mailbox) is var m ? (m.Name ?? "", m.Address) : default;

}
