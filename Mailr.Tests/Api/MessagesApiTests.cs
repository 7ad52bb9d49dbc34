using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Mailr.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class MessagesApiTests(ApiFixture fixture)
{
    private static readonly string[] s_sampleRecipients = ["nishant@example.com", "deepak@example.com", "Jay Patel <jay@example.com>", "sagar@example.com"];

    [Fact]
    public async Task Post_SampleRequest_Returns202WithIdMessageAndLocation()
    {
        var response = await fixture.Client.PostAsync("/messages", Json.Body(Json.SampleRequest()));
        var body = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = body.GetProperty("id").GetString()!;
        Assert.True(MessageId.IsWellFormed(id));
        Assert.Equal("Your request has been accepted", body.GetProperty("message").GetString());
        Assert.Equal($"/messages/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(2, body.EnumerateObject().Count());
    }

    [Fact]
    public async Task Post_SampleRequest_EveryRecipientSentAndEmlWritten()
    {
        var id = await fixture.Client.PostMessageAsync();
        await fixture.Factory.Recorder.WaitFinishedAsync(id);

        foreach (var recipient in s_sampleRecipients)
        {
            Assert.Equal("sent", await fixture.Client.StatusAsync(id, recipient));
        }

        var eml = await MimeMessage.LoadAsync(Path.Combine(fixture.Factory.PickupDirectory, $"{id}.eml"));
        Assert.Equal("Hello", eml.Subject);
        Assert.Equal("Testing some Mailr awesomeness!", eml.TextBody?.TrimEnd());
        Assert.Equal(["nishant@example.com"], eml.To.Mailboxes.Select(m => m.Address));
        Assert.Empty(eml.Bcc);
    }

    [Fact]
    public async Task Post_TwoRequests_DistinctUnguessableIds()
    {
        var first = await fixture.Client.PostMessageAsync();
        var second = await fixture.Client.PostMessageAsync();

        Assert.NotEqual(first, second);
        Assert.Equal(16, Convert.FromBase64String(first.Replace('-', '+').Replace('_', '/') + "==").Length);
    }

    [Fact]
    public async Task GetMessage_KnownId_CountsWithoutAddresses()
    {
        var id = await fixture.Client.PostMessageAsync();
        await fixture.Factory.Recorder.WaitFinishedAsync(id);

        var response = await fixture.Client.GetAsync($"/messages/{id}");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"sent\":4", body);
        Assert.DoesNotContain("example.com", body);
    }

    [Fact]
    public async Task NotFound_UnknownIdNonRecipientAndMalformedId_SameBody()
    {
        var id = await fixture.Client.PostMessageAsync();

        var unknown = await fixture.Client.PostAsync("/status", Json.Body(new { id = MessageId.New(), email = "nishant@example.com" }));
        var stranger = await fixture.Client.PostAsync("/status", Json.Body(new { id, email = "stranger@example.com" }));
        var malformed = await fixture.Client.PostAsync("/status", Json.Body(new { id = "../../etc", email = "nishant@example.com" }));
        var getUnknown = await fixture.Client.GetAsync($"/messages/{MessageId.New()}");

        var bodies = new[] { unknown, stranger, malformed, getUnknown };
        Assert.All(bodies, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        var texts = await Task.WhenAll(bodies.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(texts.Distinct());
    }

    [Fact]
    public async Task Status_EmailGivenAsFullMailboxInOtherCase_Found()
    {
        var id = await fixture.Client.PostMessageAsync();
        await fixture.Factory.Recorder.WaitFinishedAsync(id);

        Assert.Equal("sent", await fixture.Client.StatusAsync(id, "\"Nishant\" <NISHANT@Example.COM>"));
    }

    [Fact]
    public void Silo_MinimumReminderPeriodConfigured_Applied()
    {
        var options = fixture.Factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Orleans.Hosting.ReminderOptions>>();

        Assert.Equal(TimeSpan.FromSeconds(1), options.Value.MinimumReminderPeriod);
    }
}

public sealed class MessagesApiLifecycleTests
{
    [Fact]
    public async Task Status_ProviderDownThenRetriesRunOut_AcceptedThenFailedNever500()
    {
        var clock = new GrainClock();
        await using var factory = new MailrApiFactory(new Dictionary<string, string?>
        {
            ["Mailr:Providers:0:Type"] = "Mailgun",
            ["Mailr:Providers:0:ApiKey"] = "key-test",
            ["Mailr:Providers:0:Domain"] = "mg.example.com",
            ["Mailr:Providers:0:BaseUrl"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Mailr:Retry:Delays:0"] = "00:00:03",
        }, s => s.AddKeyedSingleton<TimeProvider>(GrainNames.Clock, clock));
        using var client = factory.CreateClient();
        var retryAt = clock.GetUtcNow() + TimeSpan.FromSeconds(3);

        var id = await AcceptAsync(client);
        await clock.WhenArmedAsync(id, retryAt);
        var whileRetrying = await client.StatusAsync(id, "nishant@example.com");
        await clock.AdvanceAsync(retryAt - clock.GetUtcNow());
        await factory.Recorder.WaitFinishedAsync(id);
        var afterRetries = await client.StatusAsync(id, "nishant@example.com");

        Assert.Equal("accepted", whileRetrying);
        Assert.Equal("failed", afterRetries);
        Assert.Equal(2, factory.Recorder.AttemptsFor(id).Count);
        Assert.All(factory.Recorder.AttemptsFor(id), a => Assert.Equal(OutcomeClass.Retryable, a.Outcome));
        Assert.Equal(retryAt, factory.Recorder.AttemptsFor(id)[1].At);
    }

    [Fact]
    public async Task Status_AfterRetention_SameNotFoundAsUnknownId()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new MailrApiFactory(services: s => s.AddKeyedSingleton<TimeProvider>(GrainNames.Clock, clock));
        using var client = factory.CreateClient();

        var id = await AcceptAsync(client);
        await factory.Recorder.WaitFinishedAsync(id);
        clock.Advance(TimeSpan.FromHours(24));
        var expired = await client.PostAsync("/status", Json.Body(new { id, email = "nishant@example.com" }));
        var unknown = await client.PostAsync("/status", Json.Body(new { id = MessageId.New(), email = "nishant@example.com" }));

        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await expired.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_StorageWriteFails_Returns503WithRetryAfterAndSendsNothing()
    {
        await using var factory = new MailrApiFactory(services: s =>
            s.AddSingleton<IMessageStore>(new FailingMessageStore()));
        using var client = factory.CreateClient();

        var response = await client.PostAsync("/messages", Json.Body(Json.SampleRequest()));
        var body = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
        Assert.Empty(Directory.EnumerateFiles(factory.PickupDirectory));
    }

    private static Task<string> AcceptAsync(HttpClient client) =>
        client.PostMessageAsync(new { from = "a@example.com", to = new[] { "nishant@example.com" }, subject = "s", text = "t" });
}
