using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mailr.Tests.Cluster;

/// <summary>A Mailgun stand-in on a real port that answers every send with one switchable status (200 or an error), counting calls.</summary>
public sealed class SwitchableMailgunStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile int _status;
    private int _calls;
    private int _sent;
    private volatile TaskCompletionSource _firstSent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SwitchableMailgunStub(WebApplication app, int status) => (_app, _status) = (app, status);

    public string BaseUrl { get; private set; } = "";

    /// <summary>Every call received, whatever it was answered.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Calls answered 200.</summary>
    public int Sent => Volatile.Read(ref _sent);

    /// <summary>Completes at the first call answered 200 after the last <see cref="AnswerWith"/>.</summary>
    public Task FirstSent => _firstSent.Task;

    public static async Task<SwitchableMailgunStub> StartAsync(int status)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new SwitchableMailgunStub(app, status);
        app.MapPost("/v3/{domain}/messages", (Delegate)stub.Answer);
        await app.StartAsync();
        stub.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return stub;
    }

    public void AnswerWith(int status)
    {
        _firstSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _status = status;
    }

    private IResult Answer()
    {
        Interlocked.Increment(ref _calls);
        var status = _status;
        if (status != StatusCodes.Status200OK)
        {
            return Results.Json(new { message = "Internal Server Error" }, statusCode: status);
        }

        Interlocked.Increment(ref _sent);
        _firstSent.TrySetResult();
        return Results.Json(new { id = $"<{Guid.NewGuid():N}@stub.example>", message = "Queued. Thank you." });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
