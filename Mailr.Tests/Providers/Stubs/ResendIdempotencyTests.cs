using Mailr.Grains.Options;
using Mailr.Grains.Providers.Resend;
using Mailr.Tests.Fakes.ProviderStubs;

namespace Mailr.Tests.Providers.Stubs;

public sealed class ResendIdempotencyTests : IAsyncLifetime
{
    private readonly ServiceProvider _services = ProviderTestData.HttpServices();
    private ResendStub _stub = null!;

    public async Task InitializeAsync() => _stub = await ResendStub.StartAsync();

    [Fact]
    public async Task Retry_SameAttemptFromAnotherSilo_AnswersTheFirstIdWithoutSendingAgain()
    {
        var first = await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);
        var retry = await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(ProviderResult.Sent(first.ProviderMessageId), first with { Rejected = [] });
        Assert.Equal(first, retry);
        Assert.Equal(1, _stub.SentCount("msg-0001"));
        Assert.Equal(1, _stub.Replays);
    }

    [Fact]
    public async Task Retry_AfterTheAnswerWasLost_AnswersTheSendThatHappened()
    {
        var provider = Provider();
        _stub.Script(SendScript.TakeThenStall);
        using var timeout = new CancellationTokenSource();
        var lost = provider.SendAsync(ProviderTestData.Email(), timeout.Token);
        await _stub.When(s => s.Held == 1).Within("send held");
        await timeout.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => lost);
        await _stub.When(s => s.Abandoned == 1).Within("caller gone");

        var retry = await provider.SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(ProviderResult.Sent(Assert.Single(_stub.Sends).ProviderMessageId), retry with { Rejected = [] });
        Assert.Equal(1, _stub.Replays);
    }

    [Fact]
    public async Task Retry_AfterARequestThatTookNothing_SendsOnce()
    {
        var provider = Provider();
        _stub.Script(SendScript.StallWithoutTaking);
        using var timeout = new CancellationTokenSource();
        var lost = provider.SendAsync(ProviderTestData.Email(), timeout.Token);
        await _stub.When(s => s.Held == 1).Within("send held");
        await timeout.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => lost);
        await _stub.When(s => s.Abandoned == 1).Within("caller gone");

        var retry = await provider.SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(OutcomeClass.Sent, retry.Outcome);
        Assert.Equal(1, _stub.SentCount("msg-0001"));
        Assert.Equal(0, _stub.Replays);
    }

    [Fact]
    public async Task Retry_WhileTheFirstIsInFlight_ConcurrentRequestsIsRetryable()
    {
        var provider = Provider();
        _stub.Script(SendScript.TakeThenStall);
        var first = provider.SendAsync(ProviderTestData.Email(), CancellationToken.None);
        await _stub.When(s => s.Held == 1).Within("first held");

        var concurrent = await provider.SendAsync(ProviderTestData.Email(), CancellationToken.None);
        _stub.Release();
        var answered = await first.Within("first answered");

        Assert.Equal(OutcomeClass.Retryable, concurrent.Outcome);
        Assert.StartsWith("HTTP 409 concurrent_idempotent_requests", concurrent.Detail, StringComparison.Ordinal);
        Assert.Equal(OutcomeClass.Sent, answered.Outcome);
        Assert.Equal(1, _stub.SentCount("msg-0001"));
    }

    [Fact]
    public async Task SameKey_DifferentBody_InvalidIdempotentRequestIsPermanent()
    {
        var provider = Provider();
        await provider.SendAsync(ProviderTestData.Email(), CancellationToken.None);

        var changed = await provider.SendAsync(ProviderTestData.Email(subject: "Another subject"), CancellationToken.None);

        Assert.Equal(ResendIdempotencyKey.For(ProviderTestData.Email()), ResendIdempotencyKey.For(ProviderTestData.Email(subject: "Another subject")));
        Assert.Equal(OutcomeClass.Permanent, changed.Outcome);
        Assert.StartsWith("HTTP 409 invalid_idempotent_request", changed.Detail, StringComparison.Ordinal);
        Assert.Equal(1, _stub.SentCount("msg-0001"));
    }

    [Fact]
    public async Task OtherRecipientSubset_GetsItsOwnKey_AndIsSent()
    {
        var provider = Provider();
        await provider.SendAsync(ProviderTestData.Email(), CancellationToken.None);

        var subset = await provider.SendAsync(ProviderTestData.Email() with { To = [ProviderTestData.Bob], Cc = [], Bcc = [] }, CancellationToken.None);

        Assert.Equal(OutcomeClass.Sent, subset.Outcome);
        Assert.Equal(2, _stub.SentCount("msg-0001"));
        Assert.Equal(2, _stub.SentTo("bob@example.com"));
        Assert.Equal(1, _stub.SentTo("carol@example.com"));
    }

    public async Task DisposeAsync()
    {
        await _stub.DisposeAsync();
        await _services.DisposeAsync();
    }

    private ResendProvider Provider() =>
        new(new ProviderOptions { Type = "Resend", BaseUrl = _stub.BaseUrl, ApiKey = ProviderTestData.ApiKey }, _services.HttpClientFactory());
}
