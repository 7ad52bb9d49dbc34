using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Mailr.Grains.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Mailr.Tests.Fakes.ProviderStubs;

/// <summary>
/// Mailgun: <c>POST /v3/{domain}/messages</c> and the Events API <c>GET /v3/{domain}/events</c> (one <c>accepted</c>
/// event per recipient, filtered by <c>event</c>, <c>recipient</c>, <c>begin</c>), paged through absolute
/// <c>paging.next</c> links that always exist (the page after the last is empty). Basic auth <c>api:…</c>.
/// </summary>
public sealed class MailgunStub : ProviderStub
{
    private readonly ConcurrentDictionary<string, EventQuery> _pages = new();

    /// <summary>The most events on one page, whatever <c>limit</c> asks (Mailgun's maximum is 300).</summary>
    public int PageSize { get; set; } = 300;

    public static Task<MailgunStub> StartAsync(TimeProvider? clock = null) => StartAsync(new MailgunStub(), clock);

    protected override void MapRoutes(WebApplication app)
    {
        app.MapPost("/v3/{domain}/messages", (Delegate)SendAsync);
        app.MapGet("/v3/{domain}/events", (Delegate)Events);
        app.MapGet("/v3/{domain}/events/{page}", (Delegate)NextEvents);
    }

    protected override IResult Unavailable() => Results.Json(new { message = "Service Unavailable" }, statusCode: 503);

    protected override IResult LookupFailure() => Results.Json(new { message = "Internal Server Error" }, statusCode: 500);

    protected override string NewProviderMessageId() =>
        $"<{Clock.GetUtcNow():yyyyMMddHHmmss}.1.{Guid.NewGuid().ToString("N")[..16].ToUpperInvariant()}@mailgun.stub>";

    private async Task<IResult> SendAsync(HttpContext context, string domain)
    {
        if (!Authorized(context))
        {
            return Results.Text("Forbidden", statusCode: 401);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var recipients = StubRequest.Addresses([.. form["to"], .. form["cc"], .. form["bcc"]]).ToList();
        var mailrId = ProviderMetadata.MessageIdFrom(k => form["v:" + k].ToString() is { Length: > 0 } v ? v : null) ?? "";
        return await ScriptedSendAsync(context, mailrId, recipients, StubRequest.Addresses([form["from"]]).Single(), form["subject"].ToString(), send =>
            Results.Json(new { id = send.ProviderMessageId, message = "Queued. Thank you." }), domain);
    }

    private IResult Events(HttpContext context, string domain)
    {
        if (!Authorized(context))
        {
            return Results.Text("Forbidden", statusCode: 401);
        }

        var query = context.Request.Query;
        var begin = double.TryParse(query["begin"], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000)) : DateTimeOffset.MinValue;
        var limit = int.TryParse(query["limit"], out var asked) ? Math.Clamp(asked, 1, 300) : 100;
        var events = new EventQuery(domain, query["event"].ToString(), query["recipient"].ToString(), begin, query["ascending"] != "no", limit, 0);
        return LookUp(s => s.Scope == domain, found => Page(context, events, found));
    }

    private IResult NextEvents(HttpContext context, string domain, string page)
    {
        if (!Authorized(context))
        {
            return Results.Text("Forbidden", statusCode: 401);
        }

        return _pages.TryGetValue(page, out var events) && events.Domain == domain
            ? LookUpMore(() => Page(context, events, [.. Sends.Where(s => s.Scope == domain)]))
            : Results.Json(new { message = "Not Found" }, statusCode: 404);
    }

    private IResult Page(HttpContext context, EventQuery query, IReadOnlyList<StubSend> sends)
    {
        var matching = sends
            .SelectMany(s => s.Recipients.Select(r => (Send: s, Recipient: r)))
            .Where(e => query.Event is "" or "accepted" && (query.Recipient.Length == 0 || Mailbox.KeyOf(e.Recipient) == Mailbox.KeyOf(query.Recipient)) && e.Send.At >= query.Begin);
        var ordered = query.Ascending ? matching.OrderBy(e => e.Send.At) : matching.OrderByDescending(e => e.Send.At);
        var count = Math.Min(query.Limit, PageSize);
        var items = ordered.Skip(query.Offset).Take(count).Select(e => Event(e.Send, e.Recipient)).ToList();
        var next = Guid.NewGuid().ToString("N");
        _pages[next] = query with { Offset = query.Offset + items.Count };
        var self = $"{context.Request.Scheme}://{context.Request.Host}/v3/{query.Domain}/events";
        return Results.Json(new { items, paging = new { next = $"{self}/{next}", previous = $"{self}/{Guid.NewGuid():N}" } });
    }

    private static Dictionary<string, object?> Event(StubSend send, string recipient) => new()
    {
        ["event"] = "accepted",
        ["id"] = Guid.NewGuid().ToString("N"),
        ["timestamp"] = send.At.ToUnixTimeMilliseconds() / 1000.0,
        ["log-level"] = "info",
        ["method"] = "http",
        ["recipient"] = recipient,
        ["recipient-domain"] = recipient[(recipient.LastIndexOf('@') + 1)..],
        ["envelope"] = new Dictionary<string, object?> { ["sender"] = send.From, ["targets"] = recipient, ["transport"] = "smtp" },
        ["message"] = new Dictionary<string, object?>
        {
            ["headers"] = new Dictionary<string, object?> { ["to"] = recipient, ["message-id"] = send.ProviderMessageId.Trim('<', '>'), ["from"] = send.From, ["subject"] = send.Subject },
            ["attachments"] = Array.Empty<object>(),
            ["size"] = 1024,
        },
        ["flags"] = new Dictionary<string, object?> { ["is-test-mode"] = false },
        ["tags"] = Array.Empty<string>(),
        ["user-variables"] = new Dictionary<string, object?> { [ProviderMetadata.MessageIdKey] = send.MailrId },
    };

    private static bool Authorized(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return false;
        }

        var credentials = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
        return credentials.StartsWith("api:", StringComparison.Ordinal) && credentials.Length > "api:".Length;
    }

    private sealed record EventQuery(string Domain, string Event, string Recipient, DateTimeOffset Begin, bool Ascending, int Limit, int Offset);
}
