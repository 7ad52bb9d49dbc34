using System.Net;
using System.Text.Json;
using Mailr.Api.Idempotency;
using Mailr.Api.Messages;
using Xunit.Abstractions;

namespace Mailr.Tests.Idempotency;

/// <summary>One key asked for by many requests at once, and a request held mid-accept while others arrive.</summary>
public sealed class IdempotencyConcurrencyTests(ITestOutputHelper output)
{
    private const string Header = "Idempotency-Key";
    internal const string Body = """{"from":"Amit <amit@example.com>","to":["nishant@example.com"],"subject":"Once","text":"Only once, please."}""";

    [Fact]
    public async Task Post_FiftyConcurrentWithOneKey_OneMessageOneSend()
    {
        var calls = new CallLog();
        await using var factory = new MailrApiFactory(services: s => s.AddSingleton(Providers(calls)));

        await IdempotencyRace.RunAsync(factory, calls, output);
    }

    [Fact]
    public async Task Post_SameKeyWhileFirstIsBeingRecorded_Returns409ThenReplays()
    {
        var calls = new CallLog();
        GatedMessageStore gated = null!;
        await using var factory = new MailrApiFactory(services: s =>
        {
            s.AddSingleton(Providers(calls));
            s.AddSingleton<IMessageStore>(sp => gated = new GatedMessageStore(new MemoryMessageStore(sp.GetRequiredKeyedService<TimeProvider>(GrainNames.Clock))));
        });
        using var client = factory.CreateClient();
        var key = $"held-{Guid.NewGuid():N}";

        var first = PostAsync(client, Body, key);
        var reserved = await gated.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        var duplicate = await PostAsync(client, Body, key);
        var different = await PostAsync(client, Body.Replace("Once", "Twice"), key);
        gated.Open();
        var recorded = await first.WaitAsync(TimeSpan.FromSeconds(30));
        var replay = await PostAsync(client, Body, key);
        await factory.Recorder.WaitFinishedAsync(reserved);

        Assert.Equal(HttpStatusCode.Conflict, duplicate.Response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), duplicate.Response.Headers.RetryAfter?.Delta);
        Assert.Contains(Header, MessageOf(duplicate.Body));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, different.Response.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, recorded.Response.StatusCode);
        Assert.Equal(reserved, Json.IdOf(recorded.Body));
        Assert.False(recorded.Response.Headers.Contains(MessageAcceptance.ReplayedHeader));
        Assert.Equal(HttpStatusCode.Accepted, replay.Response.StatusCode);
        Assert.Equal(["true"], replay.Response.Headers.GetValues(MessageAcceptance.ReplayedHeader));
        Assert.Equal(recorded.Body, replay.Body);
        Assert.Equal([reserved], gated.Created);
        Assert.Single(calls.For(reserved));
    }

    [Fact]
    public async Task Post_RetryAfterAcceptTimedOutButRecorded_ReplaysTheRecordedMessage()
    {
        var calls = new CallLog();
        GatedMessageStore gated = null!;
        await using var factory = new MailrApiFactory(services: s =>
        {
            s.AddSingleton(Providers(calls));
            s.AddSingleton<IMessageStore>(sp => gated = new GatedMessageStore(new MemoryMessageStore(sp.GetRequiredKeyedService<TimeProvider>(GrainNames.Clock))));
            s.Configure<Orleans.Configuration.SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(2));
        });
        using var client = factory.CreateClient();
        var key = $"timeout-{Guid.NewGuid():N}";

        var timedOut = await PostAsync(client, Body, key);
        var reserved = await gated.Entered;
        gated.Open();
        await factory.Recorder.WaitFinishedAsync(reserved);
        var retry = await PostAsync(client, Body, key);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, timedOut.Response.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, retry.Response.StatusCode);
        Assert.Equal(reserved, Json.IdOf(retry.Body));
        Assert.Equal(["true"], retry.Response.Headers.GetValues(MessageAcceptance.ReplayedHeader));
        Assert.Equal([reserved], gated.Created);
        Assert.Equal(1, factory.Recorder.AcceptedCount);
        Assert.Single(calls.For(reserved));
    }

    [Fact]
    public async Task Post_ClaimLeftPendingByDeadProcess_TakenOverWithReservedId()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new MailrApiFactory(services: s => s.AddKeyedSingleton<TimeProvider>(GrainNames.Clock, clock));
        using var client = factory.CreateClient();
        var key = $"orphan-{Guid.NewGuid():N}";
        var reserved = MessageId.New();
        await SeedPendingClaimAsync(factory, key, reserved, clock.GetUtcNow());

        var whileHeld = await PostAsync(client, Body, key);
        clock.Advance(MessageAcceptance.Lease);
        var takeover = await PostAsync(client, Body, key);
        await factory.Recorder.WaitFinishedAsync(reserved);

        Assert.Equal(HttpStatusCode.Conflict, whileHeld.Response.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, takeover.Response.StatusCode);
        Assert.Equal(reserved, Json.IdOf(takeover.Body));
        Assert.False(takeover.Response.Headers.Contains(MessageAcceptance.ReplayedHeader));
        Assert.Equal(1, factory.Recorder.AcceptedCount);
    }

    [Fact]
    public async Task Post_ClaimLeftPendingAfterMessageWasRecorded_TakeoverReplaysWithoutSecondMessage()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new MailrApiFactory(services: s => s.AddKeyedSingleton<TimeProvider>(GrainNames.Clock, clock));
        using var client = factory.CreateClient();
        var key = $"orphan-{Guid.NewGuid():N}";
        var reserved = MessageId.New();
        await SeedPendingClaimAsync(factory, key, reserved, clock.GetUtcNow());
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        Assert.Equal(AcceptOutcome.Accepted, await grains.GetGrain<IMessageGrain>(reserved).AcceptAsync(new AcceptRequest("", Message())));
        await factory.Recorder.WaitFinishedAsync(reserved);

        clock.Advance(MessageAcceptance.Lease);
        var takeover = await PostAsync(client, Body, key);
        var replay = await PostAsync(client, Body, key);

        Assert.Equal(HttpStatusCode.Accepted, takeover.Response.StatusCode);
        Assert.Equal(reserved, Json.IdOf(takeover.Body));
        Assert.Equal(["true"], takeover.Response.Headers.GetValues(MessageAcceptance.ReplayedHeader));
        Assert.Equal(["true"], replay.Response.Headers.GetValues(MessageAcceptance.ReplayedHeader));
        Assert.Equal(1, factory.Recorder.AcceptedCount);
        Assert.Single(factory.Recorder.AttemptsFor(reserved));
    }

    /// <summary>What a process that claimed <paramref name="key"/> for <see cref="Body"/> and then died leaves behind.</summary>
    private static async Task SeedPendingClaimAsync(MailrApiFactory factory, string key, string reserved, DateTimeOffset now)
    {
        var store = factory.Services.GetRequiredService<IIdempotencyStore>();
        var entry = new IdempotencyEntry(MessageFingerprint.Of(Message()), reserved, now + TimeSpan.FromHours(24));
        var claim = await store.ClaimAsync(IdempotencyKey.Scope("", key), entry, now, now + MessageAcceptance.Lease);
        Assert.Equal(IdempotencyClaimStatus.Claimed, claim.Status);
    }

    /// <summary>The message <see cref="Body"/> asks for, as the API reads it.</summary>
    private static OutgoingMessage Message() =>
        new(new MessageContent(new Mailbox("amit@example.com", "Amit"), "Once", "Only once, please."), [new Mailbox("nishant@example.com")], [], []);

    internal static ProviderRegistry Providers(CallLog calls) => new([new(new ScriptedEmailProvider("stub", calls), TimeSpan.FromSeconds(5))]);

    internal static async Task<(HttpResponseMessage Response, string Body)> PostAsync(HttpClient client, string body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/messages") { Content = Json.Body(body) };
        request.Headers.Add(Header, key);
        var response = await client.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private static string MessageOf(string body) => JsonDocument.Parse(body).RootElement.GetProperty("message").GetString()!;
}
