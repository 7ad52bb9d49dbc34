using System.Globalization;
using Mailr.Grains.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Mailr.Tests.Fakes.ProviderStubs;

/// <summary>
/// Mandrill: <c>POST /messages/send.json</c> (one result and <c>_id</c> per recipient) and <c>POST /messages/search.json</c>
/// (terms <c>email:</c>, <c>sender:</c> and <c>u_mailr_message_id:</c>, <c>senders</c>, <c>date_from</c>/<c>date_to</c> in UTC,
/// <c>limit</c>; one result per recipient copy). The key goes in the body; errors are 500s with Mandrill's error JSON.
/// </summary>
public sealed class MandrillStub : ProviderStub
{
    public static Task<MandrillStub> StartAsync(TimeProvider? clock = null) => StartAsync(new MandrillStub(), clock);

    protected override void MapRoutes(WebApplication app)
    {
        app.MapPost("/messages/send.json", (Delegate)SendAsync);
        app.MapPost("/messages/search.json", (Delegate)SearchAsync);
    }

    protected override IResult Unavailable() => Error("ServiceUnavailable", "Service temporarily unavailable");

    protected override IResult LookupFailure() => Error("GeneralError", "An unexpected error occurred processing the request.");

    protected override string NewProviderMessageId() => Guid.NewGuid().ToString("N");

    /// <summary>Mandrill's <c>_id</c> of one recipient's copy.</summary>
    public static string CopyId(StubSend send, string recipient) => $"{send.ProviderMessageId}-{send.Recipients.ToList().FindIndex(r => Mailbox.KeyOf(r) == Mailbox.KeyOf(recipient))}";

    private async Task<IResult> SendAsync(HttpContext context)
    {
        var body = await StubRequest.JsonAsync(context);
        if (body.String("key") is not { Length: > 0 })
        {
            return Error("Invalid_Key", "Invalid API key");
        }

        var message = body.GetProperty("message");
        var recipients = message.Array("to").Select(t => t.String("email") ?? "").ToList();
        var mailrId = message.TryGetProperty("metadata", out var metadata) ? ProviderMetadata.MessageIdFrom(k => metadata.String(k)) ?? "" : "";
        return await ScriptedSendAsync(context, mailrId, recipients, message.String("from_email") ?? "", message.String("subject") ?? "", send =>
            Results.Json(send.Recipients.Select(r => new { email = r, status = "sent", reject_reason = (string?)null, _id = CopyId(send, r) })));
    }

    private async Task<IResult> SearchAsync(HttpContext context)
    {
        var body = await StubRequest.JsonAsync(context);
        if (body.String("key") is not { Length: > 0 })
        {
            return Error("Invalid_Key", "Invalid API key");
        }

        var terms = (body.String("query") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => t.Split(':', 2)).ToList();
        if (terms.Any(t => t.Length != 2 || t[0] is not ("email" or "sender" or "u_" + ProviderMetadata.MessageIdKey)))
        {
            return Error("ValidationError", "The stub understands only email:, sender: and u_mailr_message_id: terms");
        }

        var today = Clock.GetUtcNow().UtcDateTime.Date;
        var from = Day(body.String("date_from")) ?? today.AddDays(-7);
        var to = Day(body.String("date_to")) ?? today;
        var senders = body.Array("senders").Select(s => s.GetString()).ToList();
        var limit = body.TryGetProperty("limit", out var l) && l.TryGetInt32(out var n) ? n : 100;
        return LookUp(
            s => s.At.UtcDateTime.Date >= from && s.At.UtcDateTime.Date <= to && (senders.Count == 0 || senders.Contains(s.From, StringComparer.OrdinalIgnoreCase)),
            found => Results.Json(found
                .SelectMany(s => s.Recipients.Select(r => (Send: s, Recipient: r)))
                .Where(c => terms.All(t => Matches(c.Send, c.Recipient, t[0], t[1])))
                .Take(limit)
                .Select(c => new Dictionary<string, object?>
                {
                    ["ts"] = c.Send.At.ToUnixTimeSeconds(),
                    ["_id"] = CopyId(c.Send, c.Recipient),
                    ["sender"] = c.Send.From,
                    ["template"] = null,
                    ["subject"] = c.Send.Subject,
                    ["email"] = c.Recipient,
                    ["tags"] = Array.Empty<string>(),
                    ["opens"] = 0,
                    ["clicks"] = 0,
                    ["state"] = "sent",
                    ["metadata"] = new Dictionary<string, string> { [ProviderMetadata.MessageIdKey] = c.Send.MailrId },
                })));
    }

    private static bool Matches(StubSend send, string recipient, string field, string value) => field switch
    {
        "email" => Mailbox.KeyOf(recipient) == Mailbox.KeyOf(value),
        "sender" => string.Equals(send.From, value, StringComparison.OrdinalIgnoreCase),
        _ => send.MailrId == value,
    };

    private static DateTime? Day(string? text) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    private static IResult Error(string name, string message) =>
        Results.Json(new { status = "error", code = name == "Invalid_Key" ? -1 : -2, name, message }, statusCode: 500);
}
