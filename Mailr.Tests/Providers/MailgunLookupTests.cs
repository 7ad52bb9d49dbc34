using System.Text;
using System.Text.Json;
using Mailr.Grains.Options;
using Mailr.Grains.Providers.Mailgun;
using Mailr.Tests.Fakes.ProviderStubs;

namespace Mailr.Tests.Providers;

public sealed class MailgunLookupTests
{
    private const string EventsUrl = "https://api.mailgun.net/v3/mg.example.com/events";
    private const string NextUrl = "https://api.mailgun.net/v3/mg.example.com/events/W3siYSI6IGZhbHNlfV0=";
    private static readonly DateTimeOffset s_sentAt = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task LookUpAsync_AsksAcceptedEventsOfTheFirstRecipientSinceJustBeforeTheAttempt()
    {
        var handler = new ScriptedHttpHandler().Answer(200, Page(next: null));

        await LookUpAsync(handler);

        var request = handler.Single;
        Assert.Equal("GET", request.Method);
        Assert.Equal($"{EventsUrl}?event=accepted&recipient=zoe%40xn--bcher-kva.example&begin=1796198100&ascending=yes&limit=300", request.Uri.AbsoluteUri);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + ProviderTestData.ApiKey)), request.Headers["Authorization"]);
        Assert.Null(request.Body);
    }

    [Theory]
    [InlineData("mailr_message_id")]
    [InlineData("mailr-id")]
    public async Task LookUpAsync_AcceptedEventWithTheId_FoundWithTheSendAnswersMessageId(string key)
    {
        var handler = new ScriptedHttpHandler().Answer(200, Page(NextUrl, Accepted("msg-0002", "20261202080001.1.AAA@mg.example.com"), Accepted("msg-0001", "20261202080000.1.BBB@mg.example.com", key)));

        var result = await LookUpAsync(handler);

        Assert.Equal(LookupResult.Found("<20261202080000.1.BBB@mg.example.com>"), result);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task LookUpAsync_MatchOnALaterPage_FollowsPagingNext()
    {
        var handler = new ScriptedHttpHandler()
            .Answer(200, Page(NextUrl, Accepted("msg-0002", "a@mg.example.com")))
            .Answer(200, Page(NextUrl + "x", Accepted("msg-0001", "b@mg.example.com")));

        var result = await LookUpAsync(handler);

        Assert.Equal(LookupResult.Found("<b@mg.example.com>"), result);
        Assert.Equal(NextUrl, handler.Requests[1].Uri.AbsoluteUri);
        Assert.Equal(handler.Requests[0].Headers["Authorization"], handler.Requests[1].Headers["Authorization"]);
    }

    [Fact]
    public async Task LookUpAsync_NoMatchUntilAnEmptyPage_NotFound()
    {
        var handler = new ScriptedHttpHandler()
            .Answer(200, Page(NextUrl, Accepted("msg-0002", "a@mg.example.com"), Accepted("msg-0001", "c@mg.example.com") with { Event = "delivered" }))
            .Answer(200, Page(NextUrl + "x"));

        var result = await LookUpAsync(handler);

        Assert.Equal(LookupResult.NotFound(), result);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task LookUpAsync_NextOnAnotherHost_UnknownWithoutFollowingIt()
    {
        var handler = new ScriptedHttpHandler().Answer(200, Page("https://evil.example/v3/mg.example.com/events/abc", Accepted("msg-0002", "a@mg.example.com")));

        var result = await LookUpAsync(handler);

        Assert.Equal(LookupResult.Unknown("paging.next does not point at BaseUrl"), result);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task LookUpAsync_NoMatchInTenPages_UnknownAfterTenRequests()
    {
        var handler = new ScriptedHttpHandler().Answer(200, Page(NextUrl, Accepted("msg-0002", "a@mg.example.com")));

        var result = await LookUpAsync(handler);

        Assert.Equal(LookupResult.Unknown("no match in the first 10 pages of events"), result);
        Assert.Equal(MailgunEventSearch.MaxPages, handler.Requests.Count);
    }

    [Theory]
    [InlineData(401, "Forbidden", "text/plain", "HTTP 401")]
    [InlineData(500, """{"message":"Internal error for key-3ax6xnjp29jd6fds4gc373sgvjxteol0"}""", "application/json", "HTTP 500: Internal error for [redacted]")]
    [InlineData(200, "Mailgun Magnificent API", "text/plain", "HTTP 200 with an answer that could not be read")]
    public async Task LookUpAsync_ErrorOrUnreadableAnswer_IsUnknownWithoutTheKey(int status, string body, string contentType, string detail)
    {
        var result = await LookUpAsync(new ScriptedHttpHandler().Answer(status, body, contentType));

        Assert.Equal(LookupResult.Unknown(detail), result);
    }

    [Fact]
    public async Task LookUpAsync_ErrorOnALaterPage_IsUnknown()
    {
        var handler = new ScriptedHttpHandler().Answer(200, Page(NextUrl, Accepted("msg-0002", "a@mg.example.com"))).Answer(503, """{"message":"Service Unavailable"}""");

        Assert.Equal(LookupResult.Unknown("HTTP 503: Service Unavailable"), await LookUpAsync(handler));
    }

    [Fact]
    public async Task LookUpAsync_AgainstTheStub_LagsThenFindsAcrossPages()
    {
        await using var stub = await MailgunStub.StartAsync(new FakeTimeProvider(s_sentAt));
        stub.PageSize = 1;
        using var services = ProviderTestData.HttpServices();
        var provider = new MailgunProvider(Options(stub.BaseUrl), services.HttpClientFactory());
        await provider.SendAsync(ProviderTestData.Email("msg-0002"), CancellationToken.None);
        var sent = await provider.SendAsync(ProviderTestData.Email(), CancellationToken.None);
        stub.LagLookups(1);

        var lagging = await provider.LookUpAsync(ProviderTestData.Email(), s_sentAt, CancellationToken.None);
        var found = await provider.LookUpAsync(ProviderTestData.Email(), s_sentAt, CancellationToken.None);
        var other = await provider.LookUpAsync(ProviderTestData.Email("msg-0003"), s_sentAt, CancellationToken.None);
        var later = await provider.LookUpAsync(ProviderTestData.Email(), s_sentAt.AddMinutes(6), CancellationToken.None);

        Assert.Equal(LookupResult.NotFound(), lagging);
        Assert.Equal(LookupResult.Found(sent.ProviderMessageId), found);
        Assert.Equal(LookupResult.NotFound(), other);
        Assert.Equal(LookupResult.NotFound(), later);
        Assert.Equal(4, stub.Lookups);
    }

    private static async Task<LookupResult> LookUpAsync(ScriptedHttpHandler handler)
    {
        using var services = ProviderTestData.HttpServices(handler);
        return await new MailgunProvider(Options(null), services.HttpClientFactory()).LookUpAsync(ProviderTestData.Email(), s_sentAt, CancellationToken.None);
    }

    private static ProviderOptions Options(string? baseUrl) => new() { Type = "Mailgun", BaseUrl = baseUrl, ApiKey = ProviderTestData.ApiKey, Domain = "mg.example.com" };

    private static string Page(string? next, params EventItem[] items) => JsonSerializer.Serialize(new
    {
        items = items.Select(i => new Dictionary<string, object>
        {
            ["event"] = i.Event,
            ["timestamp"] = 1796198400.5,
            ["recipient"] = "zoe@xn--bcher-kva.example",
            ["user-variables"] = new Dictionary<string, string> { [i.Key] = i.MailrId },
            ["message"] = new { headers = new Dictionary<string, string> { ["message-id"] = i.MessageId, ["to"] = "zoe@xn--bcher-kva.example" } },
        }),
        paging = new { next, previous = "https://api.mailgun.net/v3/mg.example.com/events/prev" },
    });

    private static EventItem Accepted(string mailrId, string messageId, string key = "mailr_message_id") => new("accepted", mailrId, messageId, key);

    private sealed record EventItem(string Event, string MailrId, string MessageId, string Key);
}
