using Mailr.Grains.Options;
using Mailr.Grains.Providers.SendGrid;
using Mailr.Tests.Fakes.ProviderStubs;

namespace Mailr.Tests.Providers;

public sealed class SendGridLookupTests
{
    private static readonly DateTimeOffset s_sentAt = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task LookUpAsync_AsksTheActivityApiByTheCustomArg()
    {
        var handler = new ScriptedHttpHandler().Answer(200, """{"messages":[]}""");

        await LookUpAsync(handler);

        var request = handler.Single;
        Assert.Equal("GET", request.Method);
        Assert.Equal("https://api.sendgrid.com/v3/messages?limit=10&query=unique_args%5B%27mailr_message_id%27%5D%3D%22msg-0001%22", request.Uri.AbsoluteUri);
        Assert.Equal("Bearer " + ProviderTestData.ApiKey, request.Headers["Authorization"]);
        Assert.Null(request.Body);
    }

    [Theory]
    [InlineData("""{"messages":[{"from_email":"sender@example.com","msg_id":"abc.filterdrecv-1","subject":"s","to_email":"zoe@xn--bcher-kva.example","status":"processed"}]}""", LookupOutcome.Found, "abc.filterdrecv-1")]
    [InlineData("""{"messages":[]}""", LookupOutcome.NotFound, null)]
    public async Task LookUpAsync_Messages_FoundWhenAnyIsListed(string body, LookupOutcome outcome, string? providerMessageId)
    {
        Assert.Equal(new LookupResult(outcome, providerMessageId), await LookUpAsync(new ScriptedHttpHandler().Answer(200, body)));
    }

    [Theory]
    [InlineData(403, """{"errors":[{"field":null,"message":"access forbidden"}]}""", "HTTP 403: access forbidden")]
    [InlineData(404, """{"errors":[{"message":"resource not found"}]}""", "HTTP 404: resource not found")]
    [InlineData(429, """{"errors":[{"message":"too many requests"}]}""", "HTTP 429: too many requests")]
    [InlineData(401, """{"errors":[{"message":"bad key key-3ax6xnjp29jd6fds4gc373sgvjxteol0"}]}""", "HTTP 401: bad key [redacted]")]
    [InlineData(200, "<html>ok</html>", "HTTP 200 with an answer that could not be read")]
    public async Task LookUpAsync_ErrorOrUnreadableAnswer_IsUnknownWithoutTheKey(int status, string body, string detail)
    {
        var result = await LookUpAsync(new ScriptedHttpHandler().Answer(status, body, body.StartsWith('<') ? "text/html" : "application/json"));

        Assert.Equal(LookupResult.Unknown(detail), result);
    }

    [Fact]
    public void Create_ActivityApiOnlyWhenConfigured_MakesTheProviderALookup()
    {
        using var services = ProviderTestData.HttpServices();
        var type = new SendGridProviderType();

        var plain = type.Create(new ProviderOptions { Type = "SendGrid", ApiKey = "SG.key" }, services);
        var withActivity = type.Create(new ProviderOptions { Type = "SendGrid", ApiKey = "SG.key", ActivityApi = true, Name = "sg" }, services);

        Assert.IsNotAssignableFrom<IProviderLookup>(plain);
        Assert.IsType<SendGridActivityProvider>(withActivity);
        Assert.Equal("sg", withActivity.Name);
    }

    [Fact]
    public async Task ActivityProvider_AgainstTheStub_SendsThenFindsTheSend()
    {
        await using var stub = await SendGridStub.StartAsync();
        using var services = ProviderTestData.HttpServices();
        var provider = new SendGridActivityProvider(new ProviderOptions { Type = "SendGrid", BaseUrl = stub.BaseUrl, ApiKey = ProviderTestData.ApiKey, ActivityApi = true }, services.HttpClientFactory());

        var sent = await provider.SendAsync(ProviderTestData.Email(), CancellationToken.None);
        var found = await provider.LookUpAsync(ProviderTestData.Email(), s_sentAt, CancellationToken.None);
        var other = await provider.LookUpAsync(ProviderTestData.Email("msg-0002"), s_sentAt, CancellationToken.None);
        stub.ActivityApi = false;
        var withoutAddOn = await provider.LookUpAsync(ProviderTestData.Email(), s_sentAt, CancellationToken.None);

        Assert.Equal(OutcomeClass.Sent, sent.Outcome);
        Assert.Equal(LookupResult.Found($"{sent.ProviderMessageId}.filterdrecv-stub-0"), found);
        Assert.Equal(LookupResult.NotFound(), other);
        Assert.Equal(LookupResult.Unknown("HTTP 403: access forbidden"), withoutAddOn);
        Assert.Equal(1, stub.SentCount("msg-0001"));
    }

    private static async Task<LookupResult> LookUpAsync(ScriptedHttpHandler handler)
    {
        using var services = ProviderTestData.HttpServices(handler);
        var provider = new SendGridActivityProvider(new ProviderOptions { Type = "SendGrid", ApiKey = ProviderTestData.ApiKey, ActivityApi = true }, services.HttpClientFactory());
        return await provider.LookUpAsync(ProviderTestData.Email(), s_sentAt, CancellationToken.None);
    }
}
