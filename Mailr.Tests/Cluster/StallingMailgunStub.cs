using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mailr.Tests.Cluster;

/// <summary>
/// A Mailgun stand-in on a real port, speaking Mailgun's wire format, that can hold every send
/// until released. It counts a message as delivered only when its 200 reaches a caller that is
/// still connected, keyed by the <c>v:mailr_message_id</c> field Mailr sends. It has no Events API:
/// Mailr's look-up of a call whose caller went away gets 404, stays unknown for <c>Mailr:Reconcile:Within</c>,
/// and the message is then sent again (<c>WhenUnknown</c> = Retry), right here since this stub never took
/// such a call. A provider that takes a send on receipt and can be asked is <see cref="Fakes.ProviderStubs.MailgunStub"/>.
/// </summary>
public sealed class StallingMailgunStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _delivered = new();
    private volatile TaskCompletionSource _gate = Open();
    private readonly ConcurrentDictionary<string, bool> _refused = new();
    private volatile bool _refuseFirst;
    private int _received;
    private int _abandoned;
    private int _expected = int.MaxValue;
    private int _expectedAbandoned = int.MaxValue;
    private TaskCompletionSource _abandonedAll = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _receivedAll = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _deliveredAll = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private StallingMailgunStub(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public int Received => _received;

    /// <summary>Calls whose caller went away before the answer (e.g. its silo was killed).</summary>
    public int Abandoned => _abandoned;

    public IReadOnlyDictionary<string, int> Delivered => _delivered;

    public static async Task<StallingMailgunStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new StallingMailgunStub(app);
        app.MapPost("/v3/{domain}/messages", (Delegate)stub.SendAsync);
        await app.StartAsync();
        stub.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return stub;
    }

    /// <summary>From now on the first call for each message is answered <c>503</c> at once (Mailgun overloaded), later ones as usual.</summary>
    public void RefuseFirstCalls() => _refuseFirst = true;

    public void Stall() => _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    /// <summary>Sets how many distinct messages the test expects, arming the two waits below.</summary>
    public void Expect(int messages)
    {
        _expected = messages;
        CheckCounts();
    }

    /// <summary>
    /// Completes once <paramref name="calls"/> callers have gone away while held. A killed caller's
    /// connection is seen closed only a moment after its death: releasing before then would count
    /// answers written into dead sockets as delivered.
    /// </summary>
    public Task AbandonedAtLeast(int calls)
    {
        _expectedAbandoned = calls;
        CheckCounts();
        return _abandonedAll.Task;
    }

    public Task ReceivedAtLeastExpected => _receivedAll.Task;

    public Task DeliveredAllExpected => _deliveredAll.Task;

    private async Task<IResult> SendAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var id = form["v:mailr_message_id"].ToString();
        Interlocked.Increment(ref _received);
        if (_refuseFirst && _refused.TryAdd(id, true))
        {
            CheckCounts();
            return Results.Json(new { message = "Service Unavailable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        CheckCounts();
        try
        {
            await _gate.Task.WaitAsync(context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _abandoned);
            CheckCounts();
            return Results.Empty;
        }

        if (context.RequestAborted.IsCancellationRequested)
        {
            Interlocked.Increment(ref _abandoned);
            return Results.Empty;
        }

        _delivered.AddOrUpdate(id, 1, (_, n) => n + 1);
        CheckCounts();
        return Results.Json(new { id = $"<{Guid.NewGuid():N}@stub.example>", message = "Queued. Thank you." });
    }

    private void CheckCounts()
    {
        if (_received >= _expected)
        {
            _receivedAll.TrySetResult();
        }

        if (_abandoned >= _expectedAbandoned)
        {
            _abandonedAll.TrySetResult();
        }

        if (_delivered.Count >= _expected)
        {
            _deliveredAll.TrySetResult();
        }
    }

    private static TaskCompletionSource Open()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.DisposeAsync();
    }
}
