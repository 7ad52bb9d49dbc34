using System.Security.Cryptography;
using System.Text.Json;
using Mailr.Grains.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Mailr.Tests.Fakes.ProviderStubs;

/// <summary>
/// Resend: <c>POST /emails</c> with <c>Idempotency-Key</c> honoured as Resend documents it: the same key and body
/// again answer the first answer without a new send; the same key with another body is <c>409
/// invalid_idempotent_request</c>; the key of a request still in flight (held) is <c>409 concurrent_idempotent_requests</c>.
/// A held request whose send was taken keeps its key when the caller gives up (the send happened); one that took
/// nothing frees it. Resend has no look-up. <c>Authorization: Bearer …</c>.
/// </summary>
public sealed class ResendStub : ProviderStub
{
    private readonly Dictionary<string, KeyUse> _keys = [];
    private int _replays;

    /// <summary>Repeats answered from an earlier send of the same key.</summary>
    public int Replays => Volatile.Read(ref _replays);

    public static Task<ResendStub> StartAsync(TimeProvider? clock = null) => StartAsync(new ResendStub(), clock);

    protected override void MapRoutes(WebApplication app) => app.MapPost("/emails", (Delegate)SendAsync);

    protected override IResult Unavailable() => Error(503, "internal_server_error", "Service unavailable.");

    protected override IResult LookupFailure() => Error(500, "internal_server_error", "Resend has no look-up.");

    protected override string NewProviderMessageId() => Guid.NewGuid().ToString();

    private async Task<IResult> SendAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString() is not { Length: > 7 } auth || !auth.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Error(401, "missing_api_key", "Missing API key in the authorization header.");
        }

        var raw = await StubRequest.BodyAsync(context);
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length > 256)
        {
            return Error(400, "invalid_idempotency_key", "The key must be between 1-256 chars.");
        }

        var fingerprint = Convert.ToHexString(SHA256.HashData(raw));
        if (key.Length > 0 && Claim(key, fingerprint) is { } earlier)
        {
            return earlier;
        }

        var body = JsonDocument.Parse(raw).RootElement;
        var recipients = StubRequest.Addresses(new[] { "to", "cc", "bcc" }.SelectMany(f => body.Array(f)).Select(a => a.GetString())).ToList();
        var mailrId = ProviderMetadata.MessageIdFrom(k => body.Array("tags").FirstOrDefault(t => t.String("name") == k).String("value")) ?? "";
        return await ScriptedSendAsync(
            context,
            mailrId,
            recipients,
            StubRequest.Addresses([body.String("from")]).Single(),
            body.String("subject") ?? "",
            send => Results.Json(new { id = send.ProviderMessageId }),
            settled: taken => Settle(key, taken));
    }

    private void Settle(string key, StubSend? taken)
    {
        if (key.Length == 0)
        {
            return;
        }

        lock (_keys)
        {
            if (taken is null)
            {
                _keys.Remove(key);
            }
            else
            {
                _keys[key] = _keys[key] with { Send = taken };
            }
        }
    }

    /// <summary>Null when the key is new (now in flight); otherwise the answer to a repeat.</summary>
    private IResult? Claim(string key, string fingerprint)
    {
        lock (_keys)
        {
            if (!_keys.TryGetValue(key, out var use))
            {
                _keys[key] = new KeyUse(fingerprint, null);
                return null;
            }

            if (use.Fingerprint != fingerprint)
            {
                return Error(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload.");
            }

            if (use.Send is null)
            {
                return Error(409, "concurrent_idempotent_requests", "Same idempotency key used while original request is still in progress.");
            }

            Interlocked.Increment(ref _replays);
            return Results.Json(new { id = use.Send.ProviderMessageId });
        }
    }

    private static IResult Error(int status, string name, string message) => Results.Json(new { statusCode = status, name, message }, statusCode: status);

    private sealed record KeyUse(string Fingerprint, StubSend? Send);
}
