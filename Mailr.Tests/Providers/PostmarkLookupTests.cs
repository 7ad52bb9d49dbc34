using Mailr.Grains.Options;
using Mailr.Grains.Providers.Postmark;
using Mailr.Tests.Fakes.ProviderStubs;

namespace Mailr.Tests.Providers;

public sealed class PostmarkLookupTests
{
    private static readonly DateTimeOffset s_sentAt = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task LookUpAsync_AsksOutboundSearchByMetadataAndStream_WithoutStatusFilter()
    {
        var handler = new ScriptedHttpHandler().Answer(200, """{"TotalCount":0,"Messages":[]}""");

        await LookUpAsync(handler, messageStream: "broadcast");

        var request = handler.Single;
        Assert.Equal("GET", request.Method);
        Assert.Equal("https://api.postmarkapp.com/messages/outbound?count=50&offset=0&metadata_mailr_message_id=msg-0001&messagestream=broadcast", request.Uri.AbsoluteUri);
        Assert.Equal(ProviderTestData.ApiKey, request.Headers["X-Postmark-Server-Token"]);
        Assert.Equal("application/json", request.Headers["Accept"]);
        Assert.Null(request.Body);
    }

    [Fact]
    public async Task LookUpAsync_NoMessageStream_SearchesOutbound()
    {
        var handler = new ScriptedHttpHandler().Answer(200, """{"TotalCount":0,"Messages":[]}""");

        await LookUpAsync(handler);

        Assert.EndsWith("&messagestream=outbound", handler.Single.Uri.Query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"TotalCount":1,"Messages":[{"MessageID":"0ac29aee-e1cd-480d-b08d-4f48548ff48d","Status":"Queued","Metadata":{"mailr_message_id":"msg-0001"}}]}""", LookupOutcome.Found, "0ac29aee-e1cd-480d-b08d-4f48548ff48d", null)]
    [InlineData("""{"TotalCount":1,"Messages":[{"MessageID":"m-legacy","Status":"Sent","Metadata":{"mailr_id":"msg-0001"}}]}""", LookupOutcome.Found, "m-legacy", null)]
    [InlineData("""{"TotalCount":0,"Messages":[]}""", LookupOutcome.NotFound, null, null)]
    [InlineData("""{"TotalCount":3,"Messages":[{"MessageID":"m-9","Metadata":{"mailr_message_id":"msg-9999"}}]}""", LookupOutcome.Unknown, null, "TotalCount 3, but no listed message carries this id")]
    [InlineData("""{"Messages":[]}""", LookupOutcome.Unknown, null, "the answer has no TotalCount")]
    public async Task LookUpAsync_SearchAnswer_ReadsTotalCountAndFirstMatch(string body, LookupOutcome outcome, string? providerMessageId, string? detail)
    {
        var result = await LookUpAsync(new ScriptedHttpHandler().Answer(200, body));

        Assert.Equal(new LookupResult(outcome, providerMessageId, detail), result);
    }

    [Theory]
    [InlineData(401, """{"ErrorCode":10,"Message":"Bad or missing Server API token: key-3ax6xnjp29jd6fds4gc373sgvjxteol0"}""", "HTTP 401: Bad or missing Server API token: [redacted]")]
    [InlineData(500, """{"ErrorCode":100,"Message":"Maintenance"}""", "HTTP 500: Maintenance")]
    [InlineData(503, "<html>Service Unavailable</html>", "HTTP 503")]
    [InlineData(200, "<html>not json</html>", "HTTP 200 with an answer that could not be read")]
    public async Task LookUpAsync_ErrorOrUnreadableAnswer_IsUnknownWithoutTheKey(int status, string body, string detail)
    {
        var result = await LookUpAsync(new ScriptedHttpHandler().Answer(status, body, body.StartsWith('{') ? "application/json" : "text/html"));

        Assert.Equal(LookupResult.Unknown(detail), result);
        Assert.DoesNotContain(ProviderTestData.ApiKey, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LookUpAsync_AfterASendToTheStub_FindsItsMessageId_AndNotAnother()
    {
        await using var stub = await PostmarkStub.StartAsync();
        using var services = ProviderTestData.HttpServices();
        var provider = new PostmarkProvider(new ProviderOptions { Type = "Postmark", BaseUrl = stub.BaseUrl, ApiKey = ProviderTestData.ApiKey }, services.HttpClientFactory());

        var sent = await provider.SendAsync(ProviderTestData.RichEmail(), CancellationToken.None);
        var found = await provider.LookUpAsync(ProviderTestData.Email(), s_sentAt, CancellationToken.None);
        var other = await provider.LookUpAsync(ProviderTestData.Email("msg-0002"), s_sentAt, CancellationToken.None);

        Assert.Equal(OutcomeClass.Sent, sent.Outcome);
        Assert.Equal(LookupResult.Found(sent.ProviderMessageId), found);
        Assert.Equal(LookupResult.NotFound(), other);
        Assert.Equal(["zoe@xn--bcher-kva.example", "bob@example.com", "carol@example.com", "dave@example.com"], Assert.Single(stub.Sends).Recipients);
    }

    private static async Task<LookupResult> LookUpAsync(ScriptedHttpHandler handler, string? messageStream = null)
    {
        using var services = ProviderTestData.HttpServices(handler);
        var provider = new PostmarkProvider(new ProviderOptions { Type = "Postmark", ApiKey = ProviderTestData.ApiKey, MessageStream = messageStream }, services.HttpClientFactory());
        return await provider.LookUpAsync(ProviderTestData.Email(), s_sentAt, CancellationToken.None);
    }
}
