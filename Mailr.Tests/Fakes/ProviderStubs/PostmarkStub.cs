using System.Text.Json;
using Mailr.Grains.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Mailr.Tests.Fakes.ProviderStubs;

/// <summary>Postmark: <c>POST /email</c> and <c>GET /messages/outbound</c> (by <c>metadata_…</c>, <c>recipient</c>, <c>messagestream</c>), token in <c>X-Postmark-Server-Token</c>.</summary>
public sealed class PostmarkStub : ProviderStub
{
    // Postmark's names are PascalCase: no naming policy.
    private static readonly JsonSerializerOptions s_json = new();

    public static Task<PostmarkStub> StartAsync(TimeProvider? clock = null) => StartAsync(new PostmarkStub(), clock);

    protected override void MapRoutes(WebApplication app)
    {
        app.MapPost("/email", (Delegate)SendAsync);
        app.MapGet("/messages/outbound", (Delegate)Search);
    }

    protected override IResult Unavailable() => Error(503, 100, "Postmark is down for maintenance.");

    protected override IResult LookupFailure() => Error(500, 0, "Internal server error.");

    protected override string NewProviderMessageId() => Guid.NewGuid().ToString();

    private async Task<IResult> SendAsync(HttpContext context)
    {
        if (Refused(context) is { } refused)
        {
            return refused;
        }

        var body = await StubRequest.JsonAsync(context);
        var recipients = StubRequest.Addresses([body.String("To"), body.String("Cc"), body.String("Bcc")]).ToList();
        var mailrId = body.TryGetProperty("Metadata", out var metadata) ? metadata.String(ProviderMetadata.MessageIdKey) ?? "" : "";
        var stream = body.String("MessageStream") ?? "outbound";
        return await ScriptedSendAsync(context, mailrId, recipients, StubRequest.Addresses([body.String("From")]).Single(), body.String("Subject") ?? "", send =>
            Results.Json(new { To = body.String("To"), SubmittedAt = send.At, MessageID = send.ProviderMessageId, ErrorCode = 0, Message = "OK" }, s_json), stream);
    }

    private IResult Search(HttpContext context)
    {
        if (Refused(context) is { } refused)
        {
            return refused;
        }

        var query = context.Request.Query;
        if (!int.TryParse(query["count"], out var count) || !int.TryParse(query["offset"], out var offset))
        {
            return Error(422, 300, "The 'count' and 'offset' parameters are required.");
        }

        var mailrId = query["metadata_" + ProviderMetadata.MessageIdKey].ToString();
        var otherMetadata = query.Keys.Any(k => k.StartsWith("metadata_", StringComparison.Ordinal) && k != "metadata_" + ProviderMetadata.MessageIdKey);
        var recipient = query["recipient"].ToString();
        var stream = query["messagestream"].ToString();
        var status = query["status"].ToString();
        return LookUp(
            s => !otherMetadata
                && (mailrId.Length == 0 || s.MailrId == mailrId)
                && (recipient.Length == 0 || s.IsTo(recipient))
                && (stream.Length == 0 || s.Scope == stream)
                && status is "" or "sent",
            found => Results.Json(new
            {
                TotalCount = found.Count,
                Messages = found.Skip(offset).Take(count).Select(s => new
                {
                    Tag = "",
                    MessageID = s.ProviderMessageId,
                    MessageStream = s.Scope,
                    Recipients = s.Recipients,
                    ReceivedAt = s.At,
                    From = s.From,
                    Subject = s.Subject,
                    Status = "Sent",
                    Metadata = new Dictionary<string, string> { [ProviderMetadata.MessageIdKey] = s.MailrId },
                }),
            },
            s_json));
    }

    private static IResult? Refused(HttpContext context) =>
        string.IsNullOrEmpty(context.Request.Headers["X-Postmark-Server-Token"]) ? Error(401, 10, "No Account or Server API tokens were supplied in the HTTP headers.")
        : !context.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.Ordinal) ? Results.StatusCode(406)
        : null;

    private static IResult Error(int status, int code, string message) => Results.Json(new { ErrorCode = code, Message = message }, s_json, statusCode: status);
}
