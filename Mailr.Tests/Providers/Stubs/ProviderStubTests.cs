using Mailr.Grains.Options;
using Mailr.Tests.Fakes.ProviderStubs;

namespace Mailr.Tests.Providers.Stubs;

public sealed class ProviderStubTests
{
    public static TheoryData<string> Types => ["Postmark", "Mailgun", "Mandrill", "SendGrid", "Resend"];

    public static TheoryData<string> LookupTypes => ["Postmark", "Mailgun", "Mandrill", "SendGrid"];

    [Theory]
    [MemberData(nameof(Types))]
    public async Task Answer_RecordsTheSendByMailrIdAndRecipient(string type)
    {
        await using var stub = await StartAsync(type);
        using var services = ProviderTestData.HttpServices(withProviderTypes: true);
        var provider = Provider(type, stub, services);

        var result = await provider.SendAsync(ProviderTestData.Email(), CancellationToken.None);

        var send = Assert.Single(stub.Sends);
        Assert.Equal(OutcomeClass.Sent, result.Outcome);
        Assert.Empty(result.Rejected);
        Assert.Equal(("msg-0001", "sender@example.com", "Grüße from Mailr"), (send.MailrId, send.From, send.Subject));
        Assert.Equal(1, stub.SentCount("msg-0001"));
        Assert.Equal(1, stub.SentTo("zoe@bücher.example"));
        Assert.Equal(1, stub.SentTo("DAVE@example.com"));
        Assert.Equal(0, stub.SentTo("erin@example.com"));
    }

    [Theory]
    [MemberData(nameof(Types))]
    public async Task TakeThenStall_CallerGivesUp_TheSendHappenedButItsAnswerIsLost(string type)
    {
        await using var stub = await StartAsync(type);
        using var services = ProviderTestData.HttpServices(withProviderTypes: true);
        stub.Script(SendScript.TakeThenStall);
        using var timeout = new CancellationTokenSource();

        var call = Provider(type, stub, services).SendAsync(ProviderTestData.Email(), timeout.Token);
        await stub.When(s => s.Held == 1).Within("send held");
        await timeout.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await stub.When(s => s.Abandoned == 1).Within("caller gone");
        Assert.Equal(1, stub.SentCount("msg-0001"));
    }

    [Theory]
    [MemberData(nameof(Types))]
    public async Task TakeThenStall_Released_AnswersTheSendItTook(string type)
    {
        await using var stub = await StartAsync(type);
        using var services = ProviderTestData.HttpServices(withProviderTypes: true);
        stub.Script(SendScript.TakeThenStall);

        var call = Provider(type, stub, services).SendAsync(ProviderTestData.Email(), CancellationToken.None);
        await stub.When(s => s.Held == 1).Within("send held");
        stub.Release();
        var result = await call.Within("answer");

        Assert.Equal(OutcomeClass.Sent, result.Outcome);
        Assert.Equal(1, stub.SentCount("msg-0001"));
    }

    [Theory]
    [MemberData(nameof(Types))]
    public async Task StallWithoutTaking_CallerGivesUpOrReleased_NothingIsRecorded(string type)
    {
        await using var stub = await StartAsync(type);
        using var services = ProviderTestData.HttpServices(withProviderTypes: true);
        var provider = Provider(type, stub, services);
        stub.Script(SendScript.StallWithoutTaking, SendScript.StallWithoutTaking);
        using var timeout = new CancellationTokenSource();

        var abandoned = provider.SendAsync(ProviderTestData.Email(), timeout.Token);
        await stub.When(s => s.Held == 1).Within("first send held");
        await timeout.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        var released = provider.SendAsync(ProviderTestData.Email("msg-0002"), CancellationToken.None);
        await stub.When(s => s.Held == 2).Within("second send held");
        stub.Release();

        Assert.Equal(OutcomeClass.Retryable, (await released.Within("answer")).Outcome);
        Assert.Empty(stub.Sends);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public async Task Refuse_AnswersRetryableWithoutTaking_ThenAnswersAgain(string type)
    {
        await using var stub = await StartAsync(type);
        using var services = ProviderTestData.HttpServices(withProviderTypes: true);
        var provider = Provider(type, stub, services);
        stub.Script(SendScript.Refuse);

        var refused = await provider.SendAsync(ProviderTestData.Email(), CancellationToken.None);
        var answered = await provider.SendAsync(ProviderTestData.Email("msg-0002"), CancellationToken.None);

        Assert.Equal(OutcomeClass.Retryable, refused.Outcome);
        Assert.Equal(OutcomeClass.Sent, answered.Outcome);
        Assert.Equal(["msg-0002"], stub.Sends.Select(s => s.MailrId));
    }

    [Theory]
    [MemberData(nameof(LookupTypes))]
    public async Task LookUp_FindsASendTakenBeforeItsAnswerWasLost_FailsOrLagsWhenTold(string type)
    {
        var sentAt = new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
        await using var stub = await StartAsync(type, new FakeTimeProvider(sentAt));
        using var services = ProviderTestData.HttpServices(withProviderTypes: true);
        var provider = Provider(type, stub, services);
        var lookup = Assert.IsAssignableFrom<IProviderLookup>(provider);
        stub.Script(SendScript.TakeThenStall);
        using var timeout = new CancellationTokenSource();
        var lost = provider.SendAsync(ProviderTestData.Email(), timeout.Token);
        await stub.When(s => s.Held == 1).Within("send held");
        await timeout.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => lost);

        stub.FailLookups();
        var failed = await lookup.LookUpAsync(ProviderTestData.Email(), sentAt, CancellationToken.None);
        stub.FailLookups(false);
        stub.LagLookups(2);
        var lagging = new[]
        {
            await lookup.LookUpAsync(ProviderTestData.Email(), sentAt, CancellationToken.None),
            await lookup.LookUpAsync(ProviderTestData.Email(), sentAt, CancellationToken.None),
        };
        var found = await lookup.LookUpAsync(ProviderTestData.Email(), sentAt, CancellationToken.None);

        Assert.Equal(LookupOutcome.Unknown, failed.Outcome);
        Assert.StartsWith("HTTP 500", failed.Detail, StringComparison.Ordinal);
        Assert.Equal([LookupResult.NotFound(), LookupResult.NotFound()], lagging);
        Assert.Equal(LookupOutcome.Found, found.Outcome);
        Assert.Contains(Assert.Single(stub.Sends).ProviderMessageId.Trim('<', '>'), found.ProviderMessageId, StringComparison.Ordinal);
        Assert.Equal(4, stub.Lookups);
    }

    private static async Task<ProviderStub> StartAsync(string type, TimeProvider? clock = null) => type switch
    {
        "Postmark" => await PostmarkStub.StartAsync(clock),
        "Mailgun" => await MailgunStub.StartAsync(clock),
        "Mandrill" => await MandrillStub.StartAsync(clock),
        "SendGrid" => await SendGridStub.StartAsync(clock),
        _ => await ResendStub.StartAsync(clock),
    };

    private static IEmailProvider Provider(string type, ProviderStub stub, ServiceProvider services) =>
        services.GetServices<IEmailProviderType>().Single(t => t.Type == type).Create(
            new ProviderOptions { Type = type, BaseUrl = stub.BaseUrl, ApiKey = ProviderTestData.ApiKey, Domain = "mg.example.com", ActivityApi = true },
            services);
}
