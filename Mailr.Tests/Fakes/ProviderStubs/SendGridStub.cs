using System.Text.RegularExpressions;
using Mailr.Grains.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Mailr.Tests.Fakes.ProviderStubs;

/// <summary>
/// SendGrid: <c>POST /v3/mail/send</c> (<c>202</c>, id in <c>X-Message-Id</c>) and the Email Activity API
/// <c>GET /v3/messages?limit=&amp;query=unique_args['…']="…"</c> (one message per recipient, <c>msg_id</c> = the
/// <c>X-Message-Id</c> plus a suffix). <see cref="ActivityApi"/> false answers the look-up 403, as for an account
/// without the add-on. <c>Authorization: Bearer …</c>.
/// </summary>
public sealed partial class SendGridStub : ProviderStub
{
    /// <summary>Whether the account has the Email Activity API (default true).</summary>
    public bool ActivityApi { get; set; } = true;

    public static Task<SendGridStub> StartAsync(TimeProvider? clock = null) => StartAsync(new SendGridStub(), clock);

    protected override void MapRoutes(WebApplication app)
    {
        app.MapPost("/v3/mail/send", (Delegate)SendAsync);
        app.MapGet("/v3/messages", (Delegate)Messages);
    }

    protected override IResult Unavailable() => Error(503, "Service Unavailable");

    protected override IResult LookupFailure() => Error(500, "Internal Server Error");

    protected override string NewProviderMessageId() => Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private async Task<IResult> SendAsync(HttpContext context)
    {
        if (!Authorized(context))
        {
            return Error(401, "The provided authorization grant is invalid, expired, or revoked");
        }

        var body = await StubRequest.JsonAsync(context);
        var personalization = body.Array("personalizations").Single();
        var recipients = new[] { "to", "cc", "bcc" }.SelectMany(f => personalization.Array(f)).Select(a => a.String("email") ?? "").ToList();
        var mailrId = body.TryGetProperty("custom_args", out var args) ? ProviderMetadata.MessageIdFrom(k => args.String(k)) ?? "" : "";
        return await ScriptedSendAsync(context, mailrId, recipients, body.GetProperty("from").String("email") ?? "", body.String("subject") ?? "", send =>
        {
            context.Response.Headers["X-Message-Id"] = send.ProviderMessageId;
            return Results.StatusCode(202);
        });
    }

    private IResult Messages(HttpContext context)
    {
        if (!Authorized(context))
        {
            return Error(401, "The provided authorization grant is invalid, expired, or revoked");
        }

        if (!ActivityApi)
        {
            return Error(403, "access forbidden");
        }

        if (UniqueArg().Match(context.Request.Query["query"].ToString()) is not { Success: true } query)
        {
            return Error(400, "invalid query");
        }

        var limit = int.TryParse(context.Request.Query["limit"], out var asked) ? asked : 10;
        var (name, value) = (query.Groups["name"].Value, query.Groups["value"].Value);
        return LookUp(
            s => name == ProviderMetadata.MessageIdKey && s.MailrId == value,
            found => Results.Json(new
            {
                messages = found.SelectMany(s => s.Recipients.Select((r, i) => new
                {
                    from_email = s.From,
                    msg_id = $"{s.ProviderMessageId}.filterdrecv-stub-{i}",
                    subject = s.Subject,
                    to_email = r,
                    status = "processed",
                    opens_count = 0,
                    clicks_count = 0,
                    last_event_time = s.At,
                })).Take(limit),
            }));
    }

    private static bool Authorized(HttpContext context) => context.Request.Headers.Authorization.ToString() is { Length: > 7 } header && header.StartsWith("Bearer ", StringComparison.Ordinal);

    private static IResult Error(int status, string message) => Results.Json(new { errors = new[] { new { message, field = (string?)null } } }, statusCode: status);

    [GeneratedRegex("""^\(?unique_args\['(?<name>[^']+)'\]\s*=\s*"(?<value>[^"]*)"\)?$""")]
    private static partial Regex UniqueArg();
}
