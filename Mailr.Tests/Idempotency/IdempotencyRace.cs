using System.Net;
using Mailr.Api.Idempotency;
using Mailr.Api.Messages;
using Xunit.Abstractions;

namespace Mailr.Tests.Idempotency;

/// <summary>Fifty requests with one key and one body, released together: one message, one send, every other answer a replay or a 409.</summary>
public static class IdempotencyRace
{
    public const int Requests = 50;

    public static async Task RunAsync(MailrApiFactory factory, CallLog calls, ITestOutputHelper output)
    {
        using var client = factory.CreateClient();
        var key = $"race-{Guid.NewGuid():N}";
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var posts = Enumerable.Range(0, Requests).Select(async _ =>
        {
            await go.Task;
            return await IdempotencyConcurrencyTests.PostAsync(client, IdempotencyConcurrencyTests.Body, key);
        }).ToList();

        go.SetResult();
        var responses = await Task.WhenAll(posts);

        var accepted = responses.Where(r => r.Response.StatusCode == HttpStatusCode.Accepted).ToList();
        var id = Assert.Single(accepted.Select(r => Json.IdOf(r.Body)).Distinct());
        await factory.Recorder.WaitFinishedAsync(id);
        output.WriteLine($"{accepted.Count} × 202 ({accepted.Count - 1} replayed), {responses.Length - accepted.Count} × 409");
        Assert.All(responses, r => Assert.True(r.Response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict, $"got {(int)r.Response.StatusCode}: {r.Body}"));
        Assert.Single(accepted, r => !r.Response.Headers.Contains(MessageAcceptance.ReplayedHeader));
        Assert.All(accepted.Where(r => r.Response.Headers.Contains(MessageAcceptance.ReplayedHeader)),
            r => Assert.Equal(["true"], r.Response.Headers.GetValues(MessageAcceptance.ReplayedHeader)));
        Assert.Equal(1, factory.Recorder.AcceptedCount);
        Assert.Single(calls.For(id));
    }
}
