using System.Diagnostics;
using System.Net;
using Mailr.Api.Idempotency;
using Mailr.Api.Messages;
using Mailr.Tests.Cluster;
using Xunit.Abstractions;

namespace Mailr.Tests.Idempotency;

/// <summary>An Idempotency-Key outlives the process that recorded it: a real silo on a real Redis, killed and started again.</summary>
[Collection(ClusterProcessCollection.Name), Trait("Category", "Processes")]
public sealed class IdempotencyRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _logs = Directory.CreateTempSubdirectory("mailr-silo-logs-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private RedisServer _redis = null!;
    private StallingMailgunStub _stub = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync(SiloEnvironment.RedisSettings());
        _stub = await StallingMailgunStub.StartAsync();
    }

    [Fact]
    public async Task Post_SameKeyAfterSiloKilledAndRestarted_ReplaysSameIdAndSendsOnce()
    {
        // The restarted process keeps its ports, as a restarted container does: it supersedes its dead incarnation at once.
        var environment = SiloEnvironment.WithPorts(SiloEnvironment.For(_redis.ConnectionString, _stub.BaseUrl));
        var httpPort = FreePort.Next();
        var key = $"restart-{Guid.NewGuid():N}";
        var clock = Stopwatch.StartNew();
        _stub.Expect(1);
        string id;
        await using (var first = SiloProcess.Start(environment, httpPort, _logs))
        {
            await first.WaitReadyAsync(_http, TimeSpan.FromSeconds(30));
            var accepted = await PostAsync(first, IdempotencyConcurrencyTests.Body, key);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            id = await Json.IdAsync(accepted);
            await _stub.DeliveredAllExpected.WaitAsync(TimeSpan.FromSeconds(30));
            await WaitSentAsync(first, id);
            await first.KillAsync();
        }

        await using var second = SiloProcess.Start(environment, httpPort, _logs);
        var replay = await PostWhenListeningAsync(second, IdempotencyConcurrencyTests.Body, key);
        var empty = await PostAsync(second, IdempotencyConcurrencyTests.Body, "");
        var different = await PostAsync(second, IdempotencyConcurrencyTests.Body.Replace("Once", "Twice"), key);
        var status = await _http.PostAsync($"{second.BaseUrl}/status", Json.Body(new { id, email = "nishant@example.com" }));
        output.WriteLine($"replayed {clock.Elapsed.TotalSeconds:F1} s after the first start");

        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal(id, await Json.IdAsync(replay));
        Assert.Equal(["true"], replay.Headers.GetValues(MessageAcceptance.ReplayedHeader));
        Assert.Equal($"/messages/{id}", replay.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, different.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal("sent", (await Json.ReadAsync(status)).GetProperty("status").GetString());
        Assert.Equal(1, _stub.Received);
        Assert.Equal(1, _stub.Delivered.GetValueOrDefault(id));
    }

    private Task<HttpResponseMessage> PostAsync(SiloProcess silo, string body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{silo.BaseUrl}/messages") { Content = Json.Body(body) };
        Assert.True(request.Headers.TryAddWithoutValidation("Idempotency-Key", key));
        return _http.SendAsync(request);
    }

    /// <summary>
    /// Until the silo has recorded the send: the stub counts it when it answers, a moment before the grain records it, and a
    /// kill in between would leave an ambiguous attempt for recovery (another subject than the key's).
    /// </summary>
    private async Task WaitSentAsync(SiloProcess silo, string id)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
        while (true)
        {
            var status = await _http.PostAsync($"{silo.BaseUrl}/status", Json.Body(new { id, email = "nishant@example.com" }));
            if ((await Json.ReadAsync(status)).GetProperty("status").GetString() == "sent")
            {
                return;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"message {id} not recorded as sent within 15 s before the kill");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>The first answer of a silo that is still starting (nothing listens yet: connection refused).</summary>
    private async Task<HttpResponseMessage> PostWhenListeningAsync(SiloProcess silo, string body, string key)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return await PostAsync(silo, body, key);
            }
            catch (HttpRequestException) when (!silo.HasExited)
            {
                if (DateTimeOffset.UtcNow > deadline)
                {
                    throw new TimeoutException($"restarted silo on port {silo.HttpPort} not listening within 30 s:\n{silo.Tail()}");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }

    public async Task DisposeAsync()
    {
        await _stub.DisposeAsync();
        await _redis.DisposeAsync();
        _http.Dispose();
        Directory.Delete(_logs, recursive: true);
    }
}
