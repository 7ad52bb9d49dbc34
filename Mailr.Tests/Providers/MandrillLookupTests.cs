using System.Text.Json;
using Mailr.Grains.Options;
using Mailr.Grains.Providers.Mandrill;
using Mailr.Tests.Fakes.ProviderStubs;

namespace Mailr.Tests.Providers;

public sealed class MandrillLookupTests
{
    private static readonly DateTimeOffset s_sentAt = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task LookUpAsync_SearchesTheFirstRecipientFromTheSenderOnTheAttemptsDays()
    {
        var handler = new ScriptedHttpHandler().Answer(200, "[]");

        await LookUpAsync(handler);

        var request = handler.Single;
        Assert.Equal("POST", request.Method);
        Assert.Equal("https://mandrillapp.com/api/1.0/messages/search.json", request.Uri.AbsoluteUri);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        var expected = JsonSerializer.Serialize(new
        {
            key = ProviderTestData.ApiKey,
            query = "email:zoe@xn--bcher-kva.example",
            date_from = "2026-12-02",
            date_to = "2026-12-03",
            senders = new[] { "sender@example.com" },
            limit = 100,
        });
        Assert.Equal(expected, ProviderTestData.Json(request.Body!));
    }

    [Fact]
    public async Task LookUpAsync_AttemptJustAfterMidnight_SearchesFromTheDayBefore()
    {
        var handler = new ScriptedHttpHandler().Answer(200, "[]");

        await LookUpAsync(handler, new DateTimeOffset(2026, 12, 2, 0, 2, 0, TimeSpan.Zero));

        var body = JsonDocument.Parse(handler.Single.Body!).RootElement;
        Assert.Equal("2026-12-01", body.GetProperty("date_from").GetString());
        Assert.Equal("2026-12-03", body.GetProperty("date_to").GetString());
    }

    [Theory]
    [InlineData("""[{"_id":"other","email":"zoe@xn--bcher-kva.example","state":"sent","metadata":{"mailr_message_id":"msg-0002"}},{"_id":"abc123","email":"zoe@xn--bcher-kva.example","state":"sent","metadata":{"mailr_message_id":"msg-0001"}}]""", LookupOutcome.Found, "abc123")]
    [InlineData("""[{"_id":"old1","state":"bounced","metadata":{"mailr_id":"msg-0001"}}]""", LookupOutcome.Found, "old1")]
    [InlineData("""[{"_id":"a1","metadata":{"mailr_message_id":"msg-0001"}},{"_id":"a2","metadata":{"mailr_message_id":"msg-0001"}}]""", LookupOutcome.Found, "a1,a2")]
    [InlineData("""[{"_id":"other","metadata":{"mailr_message_id":"msg-0002"}},{"_id":"none","metadata":{}},{"_id":"nometa"}]""", LookupOutcome.NotFound, null)]
    [InlineData("[]", LookupOutcome.NotFound, null)]
    public async Task LookUpAsync_SearchResults_MatchedOnMetadata(string body, LookupOutcome outcome, string? providerMessageId)
    {
        var result = await LookUpAsync(new ScriptedHttpHandler().Answer(200, body));

        Assert.Equal(new LookupResult(outcome, providerMessageId), result);
    }

    [Theory]
    [InlineData(500, """{"status":"error","code":-1,"name":"Invalid_Key","message":"Invalid API key key-3ax6xnjp29jd6fds4gc373sgvjxteol0"}""", "HTTP 500: Invalid_Key: Invalid API key [redacted]")]
    [InlineData(500, """{"status":"error","code":-2,"name":"ValidationError","message":"You must specify a key value"}""", "HTTP 500: ValidationError: You must specify a key value")]
    [InlineData(502, "<html>Bad Gateway</html>", "HTTP 502")]
    [InlineData(200, """{"status":"error"}""", "HTTP 200 with an answer that could not be read")]
    public async Task LookUpAsync_ErrorOrUnreadableAnswer_IsUnknownWithoutTheKey(int status, string body, string detail)
    {
        var result = await LookUpAsync(new ScriptedHttpHandler().Answer(status, body, body.StartsWith('<') ? "text/html" : "application/json"));

        Assert.Equal(LookupResult.Unknown(detail), result);
    }

    [Fact]
    public async Task LookUpAsync_AfterASendToTheStub_FindsTheFirstRecipientsCopy()
    {
        await using var stub = await MandrillStub.StartAsync(new FakeTimeProvider(s_sentAt));
        using var services = ProviderTestData.HttpServices();
        var provider = new MandrillProvider(new ProviderOptions { Type = "Mandrill", BaseUrl = stub.BaseUrl, ApiKey = ProviderTestData.ApiKey }, services.HttpClientFactory());

        var sent = await provider.SendAsync(ProviderTestData.Email(), CancellationToken.None);
        var found = await provider.LookUpAsync(ProviderTestData.Email(), s_sentAt, CancellationToken.None);
        var other = await provider.LookUpAsync(ProviderTestData.Email("msg-0002"), s_sentAt, CancellationToken.None);
        var days = await provider.LookUpAsync(ProviderTestData.Email(), s_sentAt.AddDays(2), CancellationToken.None);

        Assert.Equal(4, sent.ProviderMessageId!.Split(',').Length);
        Assert.Equal(LookupResult.Found(sent.ProviderMessageId.Split(',')[0]), found);
        Assert.Equal(LookupResult.NotFound(), other);
        Assert.Equal(LookupResult.NotFound(), days);
    }

    private static async Task<LookupResult> LookUpAsync(ScriptedHttpHandler handler, DateTimeOffset? sentAt = null)
    {
        using var services = ProviderTestData.HttpServices(handler);
        var provider = new MandrillProvider(new ProviderOptions { Type = "Mandrill", ApiKey = ProviderTestData.ApiKey }, services.HttpClientFactory());
        return await provider.LookUpAsync(ProviderTestData.Email(), sentAt ?? s_sentAt, CancellationToken.None);
    }
}
