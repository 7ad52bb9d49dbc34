using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace Mailr.Tests.Cluster;

/// <summary>
/// Provider health across real processes: three <c>Mailr.Silo</c> processes on one Redis, the first
/// provider answering 500 and the second 200. A dead provider costs the cluster a few calls, not one
/// per message per silo, and comes back into rotation once it heals.
/// </summary>
[Collection(ClusterProcessCollection.Name), Trait("Category", "Processes")]
public sealed class ProviderHealthProcessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Messages = 1000;
    private const int Silos = 3;
    private const int FailuresToOpen = 3;
    private const int Parallelism = 16;
    private static readonly TimeSpan OpenFor = TimeSpan.FromSeconds(5);
    private readonly string _logs = Directory.CreateTempSubdirectory("mailr-health-logs-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly List<SiloProcess> _silos = [];
    private RedisServer _redis = null!;
    private SwitchableMailgunStub _first = null!;
    private SwitchableMailgunStub _second = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync(SiloEnvironment.RedisSettings());
        _first = await SwitchableMailgunStub.StartAsync(500);
        _second = await SwitchableMailgunStub.StartAsync(200);
    }

    [Fact]
    public async Task BurstOverThreeSilos_FirstProviderAnswers500_CalledAFewTimesAllSentByTheNextAndBackAfterHealing()
    {
        var environment = SiloEnvironment.For(_redis.ConnectionString, _first.BaseUrl);
        environment["Mailr__Providers__0__Name"] = "first";
        environment["Mailr__Providers__0__Timeout"] = "00:00:10";
        environment["Mailr__Providers__1__Type"] = "Mailgun";
        environment["Mailr__Providers__1__Name"] = "second";
        environment["Mailr__Providers__1__ApiKey"] = "key-second";
        environment["Mailr__Providers__1__Domain"] = "mg2.example.com";
        environment["Mailr__Providers__1__BaseUrl"] = _second.BaseUrl;
        environment["Mailr__ProviderHealth__FailuresToOpen"] = FailuresToOpen.ToString();
        environment["Mailr__ProviderHealth__OpenFor"] = OpenFor.ToString("c");
        for (var i = 0; i < Silos; i++)
        {
            _silos.Add(SiloProcess.Start(SiloEnvironment.WithPorts(environment), FreePort.Next(), _logs));
        }

        await Task.WhenAll(_silos.Select(s => s.WaitReadyAsync(_http, TimeSpan.FromSeconds(90))));

        var burst = Stopwatch.StartNew();
        var accepted = await AcceptAsync(Messages);
        var statuses = await StatusesAsync(accepted);
        burst.Stop();
        var firstCalls = _first.Calls;
        var providers = await ProvidersAsync(_silos[1]);

        _first.AnswerWith(200);
        var healing = Stopwatch.StartNew();
        using var trickle = new CancellationTokenSource();
        var trickled = TrickleAsync(trickle.Token);
        await _first.FirstSent.WaitAsync(OpenFor + TimeSpan.FromSeconds(20));
        var backAfter = healing.Elapsed;
        await trickle.CancelAsync();
        await StatusesAsync(await trickled);
        var closedEverywhere = await WaitAllSilosSeeAsync("first", "closed", TimeSpan.FromSeconds(10));
        var (firstBefore, secondBefore) = (_first.Sent, _second.Calls);
        var after = await StatusesAsync(await AcceptAsync(30));
        var (firstAfter, secondAfter) = (_first.Sent, _second.Calls);

        var disabled = await _http.PostAsync($"{_silos[0].BaseUrl}/providers/first/disable", null);
        var disabledEverywhere = await WaitEverySilosMetricAsync("provider=\"first\",state=\"disabled\"} 1", TimeSpan.FromSeconds(5));
        var secondBeforeDisabled = _second.Sent;
        var whileDisabled = await StatusesAsync(await AcceptAsync(30));

        var report = JsonSerializer.Serialize(new
        {
            scenario = "1,000 messages over three silos, first provider answering 500",
            burstSeconds = Math.Round(burst.Elapsed.TotalSeconds, 1),
            firstProviderCalls = firstCalls,
            secondProviderCalls = _second.Calls,
            backInRotationSeconds = Math.Round(backAfter.TotalSeconds, 1),
        });
        output.WriteLine(report);
        File.AppendAllText(Path.Combine(AppContext.BaseDirectory, "provider-health.jsonl"), report + Environment.NewLine);

        Assert.Equal(Messages, accepted.Count);
        Assert.All(statuses, s => Assert.Equal("sent", s.Value));
        // Each silo lets one call at a time out to a provider it has not seen answer, and the circuit opens once the
        // cluster has counted FailuresToOpen of them: at most FailuresToOpen per silo, then one probe per OpenFor.
        var probes = (int)(burst.Elapsed / OpenFor) + 1;
        Assert.True(firstCalls <= FailuresToOpen * Silos + probes, $"the dead provider was called {firstCalls} times");
        Assert.Contains(providers["first"], new[] { "open", "half-open" });
        Assert.True(backAfter <= OpenFor + TimeSpan.FromSeconds(5), $"back in rotation only after {backAfter}");
        Assert.True(closedEverywhere, "not every silo sees the healed provider closed");
        Assert.All(after, s => Assert.Equal("sent", s.Value));
        Assert.Equal(30, firstAfter - firstBefore);
        Assert.Equal(secondBefore, secondAfter);
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.True(disabledEverywhere, "a silo's own view did not take the disable within 5 s");
        Assert.All(whileDisabled, s => Assert.Equal("sent", s.Value));
        Assert.Equal(30, _second.Sent - secondBeforeDisabled);
    }

    /// <summary>Posts <paramref name="count"/> messages spread over every silo; returns their ids.</summary>
    private async Task<List<string>> AcceptAsync(int count)
    {
        var accepted = new ConcurrentBag<string>();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, ct) =>
        {
            var response = await _http.PostAsync($"{_silos[i % _silos.Count].BaseUrl}/messages", Json.Body(Request(i)), ct);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            accepted.Add(await Json.IdAsync(response));
        });
        return [.. accepted];
    }

    /// <summary>One message every 100 ms, round the silos, until cancelled (the traffic a probe needs); returns their ids.</summary>
    private async Task<List<string>> TrickleAsync(CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        for (var i = 0; !cancellationToken.IsCancellationRequested; i++)
        {
            var response = await _http.PostAsync($"{_silos[i % _silos.Count].BaseUrl}/messages", Json.Body(Request(i)), CancellationToken.None);
            ids.Add(await Json.IdAsync(response));
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }

        return ids;
    }

    /// <summary>Each id's status, asked again until it is <c>sent</c> or 60 s have passed.</summary>
    private async Task<Dictionary<string, string?>> StatusesAsync(List<string> ids)
    {
        var statuses = new ConcurrentDictionary<string, string?>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        var pending = ids;
        while (true)
        {
            await Parallel.ForEachAsync(pending.Select((id, i) => (id, i)), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (item, ct) =>
            {
                var response = await _http.PostAsync($"{_silos[item.i % _silos.Count].BaseUrl}/status", Json.Body(new { item.id, email = "r@example.com" }), ct);
                statuses[item.id] = response.StatusCode == HttpStatusCode.OK ? (await Json.ReadAsync(response)).GetProperty("status").GetString() : $"HTTP {(int)response.StatusCode}";
            });
            pending = [.. pending.Where(id => statuses[id] != "sent")];
            if (pending.Count == 0 || DateTimeOffset.UtcNow > deadline)
            {
                return new(statuses);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    private async Task<Dictionary<string, string>> ProvidersAsync(SiloProcess silo)
    {
        var body = await Json.ReadAsync(await _http.GetAsync($"{silo.BaseUrl}/providers"));
        return body.EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("state").GetString()!);
    }

    private async Task<bool> WaitAllSilosSeeAsync(string provider, string state, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var states = await Task.WhenAll(_silos.Select(ProvidersAsync));
            if (states.All(s => s[provider] == state))
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        return false;
    }

    /// <summary>Waits until every silo's own view (its <c>mailr_provider_state</c> series) shows <paramref name="series"/>.</summary>
    private async Task<bool> WaitEverySilosMetricAsync(string series, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var scrapes = await Task.WhenAll(_silos.Select(s => _http.GetStringAsync($"{s.BaseUrl}/metrics")));
            if (scrapes.All(m => m.Contains(series, StringComparison.Ordinal)))
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        return false;
    }

    private static object Request(int i) => new
    {
        from = "Mailr Tests <tests@example.com>",
        to = new[] { "r@example.com" },
        subject = $"message {i}",
        text = "hello",
    };

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _redis.DisposeAsync();
        _http.Dispose();
        Directory.Delete(_logs, recursive: true);
    }
}
