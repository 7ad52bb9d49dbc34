using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Mailr.Grains.Options;
using Mailr.Grains.Providers;
using Mailr.Grains.Providers.Mailgun;
using Microsoft.Extensions.DependencyInjection;
using WireMock.ResponseBuilders;
using Request = WireMock.RequestBuilders.Request;

namespace Mailr.Tests.Providers;

public sealed class MailgunProviderTests() : HttpProviderContractTests("Mailgun")
{
    private const string Domain = "mg.example.com";
    private const string MessagesPath = "/v3/mg.example.com/messages";
    private const string QueuedJson = """{"id":"<20260101120000.1.ABC@mg.example.com>","message":"Queued. Thank you."}""";

    protected override string Secret => ProviderTestData.ApiKey;

    protected override Task<string?> AcceptedMessageIdAsync() => Task.FromResult<string?>("<20260101120000.1.ABC@mg.example.com>");

    protected override ProviderOptions Options() => OptionsAt(null);

    protected override ProviderOptions OptionsAt(string? host) =>
        new() { Type = "Mailgun", BaseUrl = host is null ? Server.Url : $"http://{host}", ApiKey = ProviderTestData.ApiKey, Domain = Domain };

    protected override void RespondAccepted() => Respond(200, QueuedJson);

    protected override void RespondAuthRefused(string message) => Respond(401, JsonSerializer.Serialize(new { message }));

    protected override void RespondServerError(string message) => Respond(503, JsonSerializer.Serialize(new { message }));

    [Fact]
    public async Task SendAsync_Accepted_PostsBasicAuthAndFormFieldsToDomainPath()
    {
        Respond(200, QueuedJson);

        await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);

        var request = Assert.Single(Server.LogEntries).RequestMessage!;
        Assert.Equal("POST", request.Method);
        Assert.Equal(MessagesPath, request.Path);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + ProviderTestData.ApiKey)), Header(request, "Authorization"));
        Assert.StartsWith("application/x-www-form-urlencoded", Header(request, "Content-Type"), StringComparison.Ordinal);
        Assert.Equal(
            [
                new("from", "\"Mailr Sender\" <sender@example.com>"),
                new("to", "\"Zoë Ångström\" <zoe@xn--bcher-kva.example>"),
                new("to", "\"Bob \\\"The Builder\\\"\" <bob@example.com>"),
                new("cc", "carol@example.com"),
                new("bcc", "\"Dave\" <dave@example.com>"),
                new("subject", "Grüße from Mailr"),
                new("text", "Hello Zoë,\nthis is line two."),
                new KeyValuePair<string, string>("v:mailr_message_id", "msg-0001"),
            ],
            ProviderTestData.ParseForm(request.Body!));
    }

    [Theory]
    [InlineData("text/plain", "Mailgun Magnificent API")]
    [InlineData("application/json", """{"message":"Mailgun Magnificent API"}""")]
    public async Task SendAsync_200WithoutId_ReturnsPermanent(string contentType, string body)
    {
        Respond(200, body, contentType);

        var result = await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(OutcomeClass.Permanent, result.Outcome);
        Assert.Equal("HTTP 200 without a message id: BaseUrl does not point at Mailgun's messages API", result.Detail);
        Assert.Null(result.ProviderMessageId);
    }

    [Theory]
    [InlineData(400, """{"message":"'to' parameter is not a valid address. please check documentation"}""", OutcomeClass.Permanent, "HTTP 400: 'to' parameter is not a valid address. please check documentation")]
    [InlineData(401, "Forbidden", OutcomeClass.Disabled, "HTTP 401")]
    [InlineData(403, """{"message":"Domain mg.example.com is not allowed to send: Free accounts are for test purposes only."}""", OutcomeClass.Disabled, "HTTP 403: Domain mg.example.com is not allowed to send: Free accounts are for test purposes only.")]
    [InlineData(404, """{"message":"Domain not found: mg.example.com"}""", OutcomeClass.Permanent, "HTTP 404: Domain not found: mg.example.com (domain not found: check Domain and the region of BaseUrl)")]
    [InlineData(413, """{"message":"Request Entity Too Large"}""", OutcomeClass.Permanent, "HTTP 413: Request Entity Too Large")]
    [InlineData(429, """{"message":"Too many requests"}""", OutcomeClass.Retryable, "HTTP 429: Too many requests")]
    [InlineData(500, "<html><body>Internal Server Error</body></html>", OutcomeClass.Retryable, "HTTP 500")]
    [InlineData(503, """{"message":"Service Unavailable"}""", OutcomeClass.Retryable, "HTTP 503: Service Unavailable")]
    public async Task SendAsync_ErrorStatus_ReturnsDocumentedClass(int status, string body, OutcomeClass outcome, string detail)
    {
        Respond(status, body, body.StartsWith('{') ? "application/json" : "text/html");

        var result = await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(new ProviderResult(outcome, null, detail, []), result with { Rejected = [] });
        Assert.Empty(result.Rejected);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(500)]
    public async Task SendAsync_ErrorEchoesApiKey_DetailRedactsIt(int status)
    {
        Respond(status, $$"""{"message":"bad credentials api:{{ProviderTestData.ApiKey}}"}""");

        var result = await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.DoesNotContain(ProviderTestData.ApiKey, result.Detail, StringComparison.Ordinal);
        Assert.StartsWith($"HTTP {status}: bad credentials api:[redacted]", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_NoBaseUrl_PostsToPublicMailgunApi()
    {
        var handler = new RecordingHandler(QueuedJson);
        using var services = ProviderTestData.HttpServices(handler);
        var provider = new MailgunProvider(new ProviderOptions { Type = "Mailgun", ApiKey = ProviderTestData.ApiKey, Domain = Domain }, services.HttpClientFactory());

        var result = await provider.SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(OutcomeClass.Sent, result.Outcome);
        Assert.Equal([new Uri("https://api.mailgun.net/v3/mg.example.com/messages")], handler.RequestUris);
    }

    [Theory]
    [InlineData(null, Domain, null, "Mailgun needs ApiKey and Domain under Mailr:Providers")]
    [InlineData(ProviderTestData.ApiKey, null, null, "Mailgun needs ApiKey and Domain under Mailr:Providers")]
    [InlineData(ProviderTestData.ApiKey, Domain, "api.mailgun.net", "Mailgun's BaseUrl is not an absolute URL")]
    public async Task SendAsync_MisconfiguredOptions_ReturnsDisabledWithoutCalling(string? apiKey, string? domain, string? baseUrl, string detail)
    {
        var options = new ProviderOptions { Type = "Mailgun", BaseUrl = baseUrl ?? Server.Url, ApiKey = apiKey, Domain = domain };

        var result = await new MailgunProvider(options, Services.HttpClientFactory()).SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(ProviderResult.Disabled(detail), result with { Rejected = [] });
        Assert.Empty(Server.LogEntries);
    }

    protected override async Task AssertRichFieldsArrivedAsync()
    {
        var request = Received;
        var contentType = MediaTypeHeaderValue.Parse(Header(request, "Content-Type"));
        Assert.Equal("multipart/form-data", contentType.MediaType.Value);
        var reader = new MultipartReader(HeaderUtilities.RemoveQuotes(contentType.Boundary).Value!, new MemoryStream(request.BodyAsBytes!));
        var parts = new List<(string Disposition, string? Type, byte[] Body)>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            using var body = new MemoryStream();
            await section.Body.CopyToAsync(body);
            parts.Add((section.ContentDisposition!, section.ContentType, body.ToArray()));
        }

        Assert.Equal(
            [
                "from=\"Mailr Sender\" <sender@example.com>", "to=\"Zoë Ångström\" <zoe@xn--bcher-kva.example>", "to=\"Bob \\\"The Builder\\\"\" <bob@example.com>",
                "cc=carol@example.com", "bcc=\"Dave\" <dave@example.com>", "subject=Grüße from Mailr", "text=Hello Zoë,\nthis is line two.",
                "html=<p>Hello Zoë</p>", "h:Reply-To=\"Replies\" <replies@example.com>, help@example.com", "h:X-Campaign=spring-2026", "v:mailr_message_id=msg-0001",
            ],
            parts.SkipLast(1).Select(p => $"{ContentDispositionHeaderValue.Parse(p.Disposition).Name.Value}={Encoding.UTF8.GetString(p.Body)}"));
        var file = parts[^1];
        var disposition = ContentDispositionHeaderValue.Parse(file.Disposition);
        Assert.Equal<(string?, string?, string?)>(("attachment", "invoice.pdf", "application/pdf"), (disposition.Name.Value, disposition.FileName.Value, file.Type));
        Assert.Equal(ProviderTestData.PdfBytes, file.Body);
    }

    private MailgunProvider Provider() => new(Options(), Services.HttpClientFactory());

    private void Respond(int status, string body, string contentType = "application/json") =>
        Server.Given(Request.Create().WithPath(MessagesPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body));

}
