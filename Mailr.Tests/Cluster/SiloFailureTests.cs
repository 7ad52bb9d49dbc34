using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Mailr.Tests.Fakes.ProviderStubs;
using Xunit.Abstractions;

namespace Mailr.Tests.Cluster;

/// <summary>
/// Mailr's promise under real process failures: three <c>Mailr.Silo</c> processes on one Redis
/// (AOF on) and a Mailgun stub. Every id answered 202 must reach <c>sent</c>, and the stub must
/// take each exactly once.
/// </summary>
[Collection(ClusterProcessCollection.Name), Trait("Category", "Processes")]
public sealed class SiloFailureTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Messages = 500;
    private readonly string _logs = Directory.CreateTempSubdirectory("mailr-silo-logs-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly List<SiloProcess> _silos = [];
    private RedisServer _redis = null!;
    private StallingMailgunStub _stub = null!;
    private Dictionary<string, string> _environment = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync(SiloEnvironment.RedisSettings());
        _stub = await StallingMailgunStub.StartAsync();
        _environment = SiloEnvironment.For(_redis.ConnectionString, _stub.BaseUrl);
    }

    [Fact]
    public async Task KillOneOfThreeSilos_WhileSendsStall_EveryAcceptedMessageSentExactlyOnce()
    {
        // Every send is held until the kill, so no silo ever sees the provider answer: with provider health on, each
        // silo would (by design) let only one call at a time out to it, and the 500 stalled calls this needs never start.
        _environment["Mailr__ProviderHealth__Enabled"] = "false";
        await StartSilosAsync(3);
        _stub.Stall();
        _stub.Expect(Messages);

        var accepted = await AcceptAsync(Messages);
        await _stub.ReceivedAtLeastExpected.WaitAsync(TimeSpan.FromSeconds(60));
        var victim = _silos[0];
        var victimIds = accepted.Where(a => a.Value == victim.HttpPort).Select(a => a.Key).ToList();
        var clock = Stopwatch.StartNew();
        await victim.KillAsync();
        await _stub.AbandonedAtLeast(victimIds.Count).WaitAsync(TimeSpan.FromSeconds(30));
        _stub.Release();
        using var polling = new CancellationTokenSource();
        var probe = ProbeDuringRecoveryAsync(victimIds.Take(20).ToList(), _silos.Skip(1).ToList(), polling.Token);
        await _stub.DeliveredAllExpected.WaitAsync(TimeSpan.FromSeconds(180));
        var recovery = clock.Elapsed;
        await polling.CancelAsync();
        var probeCodes = await probe;
        var statuses = await StatusesAsync(accepted.Keys, _silos.Skip(1).ToList());

        Report("kill -9 of one silo of three", recovery, victimIds.Count, probeCodes);
        Assert.Equal(Messages, accepted.Count);
        Assert.All(accepted.Keys, id => Assert.Equal(1, _stub.Delivered.GetValueOrDefault(id)));
        Assert.All(statuses, s => Assert.Equal("sent", s.Value));
        Assert.All(probeCodes.Keys, code => Assert.True(code is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"got {(int)code} during recovery"));
    }

    [Fact]
    public async Task KillOneOfThreeSilos_WhileTakenSendsAwaitTheirAnswer_ReconcileFindsThemAndNothingIsSentTwice()
    {
        // Mailgun takes a message when its request arrives; the answer is separate. The dead silo's calls were taken
        // and their answers lost: only asking Mailgun's Events API can tell, and sending again would be a duplicate.
        await using var mailgun = await MailgunStub.StartAsync();
        mailgun.Script([.. Enumerable.Repeat(SendScript.TakeThenStall, Messages)]);
        _environment["Mailr__Providers__0__BaseUrl"] = mailgun.BaseUrl;
        _environment["Mailr__ProviderHealth__Enabled"] = "false";
        await StartSilosAsync(3);

        var accepted = await AcceptAsync(Messages);
        await mailgun.When(s => s.Held >= Messages).WaitAsync(TimeSpan.FromSeconds(60));
        var victim = _silos[0];
        var inFlight = accepted.Count(a => a.Value == victim.HttpPort);
        var clock = Stopwatch.StartNew();
        await victim.KillAsync();
        await mailgun.When(s => s.Abandoned >= inFlight).WaitAsync(TimeSpan.FromSeconds(30));
        mailgun.Release();
        var statuses = await StatusesAsync(accepted.Keys, _silos.Skip(1).ToList(), TimeSpan.FromSeconds(60));
        var recovery = clock.Elapsed;

        var taken = accepted.Keys.ToDictionary(id => id, mailgun.SentCount);
        var figures = new StubFigures(mailgun.Sends.Count, mailgun.Abandoned, taken.Values.Sum(n => n - 1), mailgun.Lookups);
        Report("kill -9 of one silo of three while Mailgun holds the answers of sends it took", recovery, inFlight, figures, new Dictionary<string, int>());
        Assert.Equal(Messages, accepted.Count);
        Assert.All(statuses, s => Assert.Equal("sent", s.Value));
        Assert.All(taken, t => Assert.Equal(1, t.Value));
        Assert.True(mailgun.Lookups >= inFlight, $"{mailgun.Lookups} look-ups for {inFlight} lost answers");
    }

    [Fact]
    public async Task KillOneOfThreeSilos_WhileEveryMessageWaitsForRetry_DuePartitionsMoveAndEveryMessageSentOnce()
    {
        // A first retry longer than a message stays active: every message waits in its due partition, not in memory.
        _environment["Mailr__Retry__Delays__0"] = "00:00:15";
        // Refusing every message's first call is, to the circuit, a provider failing 500 times in a row: it would
        // open and skip the provider (correctly), so the first calls the scenario needs would never be made.
        _environment["Mailr__ProviderHealth__FailuresToOpen"] = "1000000";
        await StartSilosAsync(3);
        _stub.RefuseFirstCalls();
        _stub.Expect(Messages);

        var accepted = await AcceptAsync(Messages);
        await _stub.ReceivedAtLeastExpected.WaitAsync(TimeSpan.FromSeconds(60));
        var clock = Stopwatch.StartNew();
        await _silos[0].KillAsync();
        await _stub.DeliveredAllExpected.WaitAsync(TimeSpan.FromSeconds(120));
        var recovery = clock.Elapsed;
        var statuses = await StatusesAsync(accepted.Keys, _silos.Skip(1).ToList());

        Report("kill -9 of one silo of three while every message waits for a 15 s retry", recovery, accepted.Count(a => a.Value == _silos[0].HttpPort), new Dictionary<string, int>());
        Assert.Equal(Messages, accepted.Count);
        Assert.All(accepted.Keys, id => Assert.Equal(1, _stub.Delivered.GetValueOrDefault(id)));
        Assert.All(statuses, s => Assert.Equal("sent", s.Value));
    }

    [Fact]
    public async Task RestartEverySiloInTurn_WhileMessagesFlow_EveryAcceptedMessageSentExactlyOnce()
    {
        await StartSilosAsync(3);
        using var producing = new CancellationTokenSource();
        var accepted = new ConcurrentDictionary<string, int>();
        var rejected = new ConcurrentBag<HttpStatusCode>();
        var producer = Task.WhenAll(Enumerable.Range(0, 4).Select(p => ProduceAsync(p, accepted, rejected, producing.Token)));
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < _silos.Count; i++)
        {
            var old = _silos[i];
            await old.TerminateAsync(TimeSpan.FromSeconds(60));
            await old.DisposeAsync();
            _silos[i] = SiloProcess.Start(SiloEnvironment.WithPorts(_environment), old.HttpPort, _logs);
            await _silos[i].WaitReadyAsync(_http, TimeSpan.FromSeconds(60));
        }

        await producing.CancelAsync();
        await producer;
        _stub.Expect(accepted.Count);
        await _stub.DeliveredAllExpected.WaitAsync(TimeSpan.FromSeconds(180));
        var drained = clock.Elapsed;
        var statuses = await StatusesAsync(accepted.Keys, _silos);

        Report("rolling SIGTERM restart of three silos", drained, accepted.Count, rejected.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count()));
        Assert.True(accepted.Count >= 50, $"only {accepted.Count} messages were accepted during the restarts");
        Assert.All(rejected, code => Assert.Equal(HttpStatusCode.ServiceUnavailable, code));
        Assert.All(accepted.Keys, id => Assert.Equal(1, _stub.Delivered.GetValueOrDefault(id)));
        Assert.All(statuses, s => Assert.Equal("sent", s.Value));
    }

    private async Task StartSilosAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _silos.Add(SiloProcess.Start(SiloEnvironment.WithPorts(_environment), FreePort.Next(), _logs));
        }

        await Task.WhenAll(_silos.Select(s => s.WaitReadyAsync(_http, TimeSpan.FromSeconds(90))));
    }

    /// <summary>Posts <paramref name="count"/> messages spread over every silo; returns id → the HTTP port that accepted it.</summary>
    private async Task<ConcurrentDictionary<string, int>> AcceptAsync(int count)
    {
        var accepted = new ConcurrentDictionary<string, int>();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var silo = _silos[i % _silos.Count];
            var response = await _http.PostAsync($"{silo.BaseUrl}/messages", Json.Body(Request(i)), ct);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            accepted[await Json.IdAsync(response)] = silo.HttpPort;
        });
        return accepted;
    }

    /// <summary>A client that keeps sending, each time to the next silo, until cancelled; 503s and refused connections are expected while a silo restarts.</summary>
    private async Task ProduceAsync(int producer, ConcurrentDictionary<string, int> accepted, ConcurrentBag<HttpStatusCode> rejected, CancellationToken cancellationToken)
    {
        for (var i = producer; !cancellationToken.IsCancellationRequested; i++)
        {
            var silo = _silos[i % _silos.Count];
            try
            {
                var response = await _http.PostAsync($"{silo.BaseUrl}/messages", Json.Body(Request(i)), CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    accepted[await Json.IdAsync(response)] = silo.HttpPort;
                }
                else
                {
                    rejected.Add(response.StatusCode);
                }
            }
            catch (HttpRequestException)
            {
                // That silo is down right now: a real client moves on to the next one.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        }
    }

    /// <summary>Asks the survivors about the dead silo's messages while the cluster detects the death.</summary>
    private async Task<Dictionary<HttpStatusCode, int>> ProbeDuringRecoveryAsync(List<string> ids, List<SiloProcess> survivors, CancellationToken cancellationToken)
    {
        var codes = new Dictionary<HttpStatusCode, int>();
        for (var i = 0; !cancellationToken.IsCancellationRequested; i++)
        {
            var silo = survivors[i % survivors.Count];
            var response = await _http.PostAsync($"{silo.BaseUrl}/status", Json.Body(new { id = ids[i % ids.Count], email = Recipient(0) }), CancellationToken.None);
            codes[response.StatusCode] = codes.GetValueOrDefault(response.StatusCode) + 1;
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }

        return codes;
    }

    /// <summary>
    /// Each id's status through <paramref name="silos"/>, asked again until it is <c>sent</c> or <paramref name="within"/>
    /// (30 s unless given) has passed: the stub counts a delivery when it answers, a moment before the grain records it.
    /// </summary>
    private async Task<Dictionary<string, string?>> StatusesAsync(IEnumerable<string> ids, List<SiloProcess> silos, TimeSpan? within = null)
    {
        var statuses = new ConcurrentDictionary<string, string?>();
        var deadline = DateTimeOffset.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        var pending = ids.ToList();
        while (true)
        {
            await Parallel.ForEachAsync(pending.Select((id, i) => (id, i)), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (item, ct) =>
            {
                var silo = silos[item.i % silos.Count];
                var response = await _http.PostAsync($"{silo.BaseUrl}/status", Json.Body(new { item.id, email = Recipient(0) }), ct);
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

    private void Report<T>(string scenario, TimeSpan elapsed, int messages, IReadOnlyDictionary<T, int> codes) where T : notnull =>
        Report(scenario, elapsed, messages, new StubFigures(_stub.Received, _stub.Abandoned, _stub.Delivered.Values.Sum(n => n - 1), null), codes);

    private void Report<T>(string scenario, TimeSpan elapsed, int messages, StubFigures stub, IReadOnlyDictionary<T, int> codes) where T : notnull
    {
        var line = JsonSerializer.Serialize(new
        {
            scenario,
            seconds = Math.Round(elapsed.TotalSeconds, 1),
            messages,
            received = stub.Received,
            abandoned = stub.Abandoned,
            duplicates = stub.Duplicates,
            lookups = stub.Lookups,
            codes = codes.ToDictionary(c => c.Key.ToString()!, c => c.Value),
        });
        output.WriteLine(line);
        File.AppendAllText(Path.Combine(AppContext.BaseDirectory, "cluster-recovery.jsonl"), line + Environment.NewLine);
    }

    /// <param name="Duplicates">The sum over messages of (times the provider took it − 1).</param>
    private sealed record StubFigures(int Received, int Abandoned, int Duplicates, int? Lookups);

    private static object Request(int i) => new
    {
        from = "Mailr Tests <tests@example.com>",
        to = new[] { Recipient(0) },
        subject = $"message {i}",
        text = "hello",
    };

    private static string Recipient(int i) => $"r{i}@example.com";

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        await _stub.DisposeAsync();
        await _redis.DisposeAsync();
        _http.Dispose();
        Directory.Delete(_logs, recursive: true);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterProcessCollection
{
    public const string Name = "cluster-processes";
}
