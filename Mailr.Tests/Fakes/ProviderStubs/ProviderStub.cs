using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mailr.Tests.Fakes.ProviderStubs;

/// <summary>
/// A provider stand-in on a real loopback port that speaks the provider's send wire format and its look-up
/// API truthfully: every send it takes is recorded (by Mailr id and recipients) and look-ups answer from that
/// record. Sends follow a per-request <see cref="Script"/> (then <see cref="SendScript.Answer"/>); look-ups
/// can be made to fail or to lag. Put <see cref="BaseUrl"/> in <c>Mailr:Providers:N:BaseUrl</c>; any non-empty
/// credential is accepted.
/// </summary>
public abstract class ProviderStub : IAsyncDisposable
{
    private readonly ConcurrentQueue<SendScript> _script = new();
    private readonly List<StubSend> _sends = [];
    private readonly List<(Func<bool> Condition, TaskCompletionSource Reached)> _waiters = [];
    private volatile TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _failLookups;
    private int _lag;
    private int _lookups;
    private int _held;
    private int _abandoned;
    private WebApplication? _app;

    /// <summary>Where the stub listens, e.g. <c>http://127.0.0.1:51234</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The clock that stamps sends (and so what look-ups by time find); the system clock unless given at start.</summary>
    public TimeProvider Clock { get; private set; } = TimeProvider.System;

    /// <summary>Every send taken, in order.</summary>
    public IReadOnlyList<StubSend> Sends
    {
        get
        {
            lock (_sends)
            {
                return [.. _sends];
            }
        }
    }

    /// <summary>Look-up requests received (a Mailgun look-up's later pages not counted).</summary>
    public int Lookups => Volatile.Read(ref _lookups);

    /// <summary>Requests that began to be held (<see cref="SendScript.TakeThenStall"/>, <see cref="SendScript.StallWithoutTaking"/>).</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>Held requests whose caller gave up before the answer.</summary>
    public int Abandoned => Volatile.Read(ref _abandoned);

    public int SentCount(string mailrId) => Sends.Count(s => s.MailrId == mailrId);

    /// <summary>How many sends taken included <paramref name="address"/> (compared as <see cref="Mailbox.Key"/>).</summary>
    public int SentTo(string address) => Sends.Count(s => s.IsTo(address));

    /// <summary>How the next send requests are handled, one step each; after the last, <see cref="SendScript.Answer"/>.</summary>
    public void Script(params SendScript[] steps)
    {
        foreach (var step in steps)
        {
            _script.Enqueue(step);
        }
    }

    /// <summary>Lets every request held so far go on (later stalls hold again).</summary>
    public void Release() => Interlocked.Exchange(ref _release, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Look-ups answer the provider's 500 while set.</summary>
    public void FailLookups(bool fail = true) => _failLookups = fail;

    /// <summary>The next <paramref name="count"/> look-ups answer "none" whatever was sent (the provider's indexing lag).</summary>
    public void LagLookups(int count) => Volatile.Write(ref _lag, count);

    /// <summary>Completes once <paramref name="condition"/> on this stub holds (checked now and after every change).</summary>
    public Task When(Func<ProviderStub, bool> condition)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            _waiters.Add((() => condition(this), reached));
        }

        Changed();
        return reached.Task;
    }

    protected static async Task<T> StartAsync<T>(T stub, TimeProvider? clock)
        where T : ProviderStub
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        stub.Clock = clock ?? TimeProvider.System;
        stub.MapRoutes(app);
        await app.StartAsync();
        stub._app = app;
        stub.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return stub;
    }

    protected abstract void MapRoutes(WebApplication app);

    /// <summary>The provider's "try again later" answer (nothing was taken).</summary>
    protected abstract IResult Unavailable();

    /// <summary>The provider's 500 to a look-up.</summary>
    protected abstract IResult LookupFailure();

    /// <summary>A new id in the provider's format.</summary>
    protected abstract string NewProviderMessageId();

    /// <summary>Handles one send request by the script.</summary>
    /// <param name="settled">Called once the request's fate is fixed (answered, released or abandoned) with the send it took, before anyone can observe it.</param>
    protected async Task<IResult> ScriptedSendAsync(
        HttpContext context,
        string mailrId,
        IReadOnlyList<string> recipients,
        string from,
        string subject,
        Func<StubSend, IResult> answer,
        string scope = "",
        Action<StubSend?>? settled = null)
    {
        var step = _script.TryDequeue(out var next) ? next : SendScript.Answer;
        StubSend? taken = null;
        if (step is SendScript.Answer or SendScript.TakeThenStall)
        {
            taken = new StubSend(mailrId, recipients, from, subject, NewProviderMessageId(), Clock.GetUtcNow(), scope);
            lock (_sends)
            {
                _sends.Add(taken);
            }

            Changed();
        }

        var answered = step is not (SendScript.TakeThenStall or SendScript.StallWithoutTaking) || await HoldAsync(context);
        settled?.Invoke(taken);
        if (!answered)
        {
            Interlocked.Increment(ref _abandoned);
            Changed();
            return Results.Empty;
        }

        return taken is null ? Unavailable() : answer(taken);
    }

    /// <summary>Answers a look-up from the sends that <paramref name="match"/>, unless look-ups fail or lag.</summary>
    protected IResult LookUp(Func<StubSend, bool> match, Func<IReadOnlyList<StubSend>, IResult> answer)
    {
        Interlocked.Increment(ref _lookups);
        Changed();
        if (_failLookups)
        {
            return LookupFailure();
        }

        return answer(TakeLag() ? [] : [.. Sends.Where(match)]);
    }

    /// <summary>For a look-up's later pages: fails with the others, never counted or lagged.</summary>
    protected IResult LookUpMore(Func<IResult> answer) => _failLookups ? LookupFailure() : answer();

    /// <summary>True when released; false when the caller went away first.</summary>
    private async Task<bool> HoldAsync(HttpContext context)
    {
        var release = _release.Task;
        Interlocked.Increment(ref _held);
        Changed();
        try
        {
            await release.WaitAsync(context.RequestAborted);
            return !context.RequestAborted.IsCancellationRequested;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private bool TakeLag()
    {
        var lag = Volatile.Read(ref _lag);
        while (lag > 0)
        {
            var seen = Interlocked.CompareExchange(ref _lag, lag - 1, lag);
            if (seen == lag)
            {
                return true;
            }

            lag = seen;
        }

        return false;
    }

    private void Changed()
    {
        lock (_waiters)
        {
            foreach (var waiter in _waiters.Where(w => w.Condition()).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Reached.TrySetResult();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
