using Mailr.Api.Auth;
using Mailr.Api.Idempotency;
using Mailr.Api.RateLimits;
using Mailr.Grains;
using Mailr.Grains.Messages;
using Mailr.Grains.Options;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;

namespace Mailr.Api.Messages;

/// <summary>
/// The end of the accept path of <c>POST /messages</c>, after the body is validated: the Idempotency-Key, then the grain.
/// With a key, the message's id is reserved in the claim, so a retry (or a takeover of a claim whose process died) records
/// it under the same id, and the grain's AlreadyExists means "recorded already": it is replayed, never sent twice.
/// Recipients count against the key's RecipientsPerDay only for a message about to be recorded (a replay, a 409 or a 422
/// counts nothing), and are given back when it is not recorded after all, or was recorded by an earlier request.
/// </summary>
public sealed partial class MessageAcceptance(
    IIdempotencyStore keys,
    KeyRateLimits limits,
    IOptions<MailrOptions> options,
    [FromKeyedServices(GrainNames.Clock)] TimeProvider clock,
    ILogger<MessageAcceptance> logger)
{
    /// <summary>How long a claim is held before another request may take it over (its process is presumed dead).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    public const string ReplayedHeader = "Idempotent-Replayed";

    public async Task<Results<Accepted<AcceptedResponse>, JsonHttpResult<ErrorResponse>>> AcceptAsync(HttpContext context, IGrainFactory grains, OutgoingMessage message)
    {
        var accept = new AcceptRequest(Caller.Owner(context), message);
        var (key, error) = IdempotencyKey.Read(context.Request.Headers);
        if (error is not null)
        {
            return error;
        }

        var recipients = message.To.Count + message.Cc.Count + message.Bcc.Count;
        if (key is null)
        {
            var (counted, refusal) = await limits.TakeRecipientsAsync(context, accept.Owner, recipients);
            if (refusal is not null)
            {
                return refusal;
            }

            try
            {
                return await AcceptNewAsync(grains, accept);
            }
            catch
            {
                await ReturnAsync(counted);
                throw;
            }
        }

        var scope = IdempotencyKey.Scope(accept.Owner, key);
        var now = clock.GetUtcNow();
        var entry = new IdempotencyEntry(MessageFingerprint.Of(message), MessageId.New(), now + options.Value.Retention);
        var claim = await keys.ClaimAsync(scope, entry, now, now + Lease);
        switch (claim.Status)
        {
            case IdempotencyClaimStatus.Mismatch:
                return Errors.Json(StatusCodes.Status422UnprocessableEntity,
                    $"This {IdempotencyKey.Header} was already used for a different message. Use a new key for a new message.");
            case IdempotencyClaimStatus.Pending:
                context.Response.Headers.RetryAfter = "1";
                return Errors.Json(StatusCodes.Status409Conflict,
                    $"A request with this {IdempotencyKey.Header} is still being recorded. Try again in a moment.");
            case IdempotencyClaimStatus.Done:
                return Replay(context, claim.MessageId);
        }

        entry = entry with { MessageId = claim.MessageId };
        RecipientsTaken? taken;
        JsonHttpResult<ErrorResponse>? overLimit;
        try
        {
            (taken, overLimit) = await limits.TakeRecipientsAsync(context, accept.Owner, recipients);
        }
        catch
        {
            await ReleaseAsync(scope, entry.MessageId);
            throw;
        }

        if (overLimit is not null)
        {
            await ReleaseAsync(scope, entry.MessageId);
            return overLimit;
        }

        AcceptOutcome outcome;
        try
        {
            outcome = await grains.GetGrain<IMessageGrain>(entry.MessageId).AcceptAsync(accept);
        }
        catch
        {
            await ReturnAsync(taken);
            await ReleaseAsync(scope, entry.MessageId);
            throw;
        }

        await CompleteAsync(scope, entry);
        if (outcome == AcceptOutcome.Accepted)
        {
            return Accepted(entry.MessageId);
        }

        // A takeover of a claim whose request recorded the message (and counted it) before its process died.
        await ReturnAsync(taken);
        return Replay(context, entry.MessageId);
    }

    // Unbounded on purpose: AlreadyExists for a fresh 128-bit random id means two ids collided, which practically never
    // happens, so a second turn is already rare; each turn draws a new id, and nothing is recorded under a refused one.
    private static async Task<Accepted<AcceptedResponse>> AcceptNewAsync(IGrainFactory grains, AcceptRequest accept)
    {
        while (true)
        {
            var id = MessageId.New();
            if (await grains.GetGrain<IMessageGrain>(id).AcceptAsync(accept) == AcceptOutcome.Accepted)
            {
                return Accepted(id);
            }
        }
    }

    private static Accepted<AcceptedResponse> Accepted(string id) => TypedResults.Accepted($"/messages/{id}", AcceptedResponse.For(id));

    private static Accepted<AcceptedResponse> Replay(HttpContext context, string id)
    {
        context.Response.Headers[ReplayedHeader] = "true";
        return Accepted(id);
    }

    // The message is recorded whatever happens here: a claim left pending is taken over after its lease, and the grain's AlreadyExists replays it.
    private async Task CompleteAsync(string scope, IdempotencyEntry entry)
    {
        try
        {
            await keys.CompleteAsync(scope, entry);
        }
        catch (Exception e)
        {
            LogCompleteFailed(logger, e, entry.MessageId);
        }
    }

    // The caller is told the message was not accepted; if this fails too (storage is down), the day's count stays a little high.
    private async Task ReturnAsync(RecipientsTaken? taken)
    {
        try
        {
            await limits.ReturnAsync(taken);
        }
        catch (Exception e)
        {
            LogReturnFailed(logger, e, taken?.Recipients ?? 0);
        }
    }

    // The accept may have recorded the message all the same (a call that timed out), so the claim keeps its id: ending its lease
    // lets the caller's retry take it over at once and record (or replay) that id. If this fails too, the lease runs out by itself.
    private async Task ReleaseAsync(string scope, string messageId)
    {
        try
        {
            await keys.ReleaseAsync(scope, messageId);
        }
        catch (Exception e)
        {
            LogReleaseFailed(logger, e, messageId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} is recorded, but its Idempotency-Key could not be marked done; it stays pending until its lease ends")]
    private static partial void LogCompleteFailed(ILogger logger, Exception exception, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Recipients} recipients counted against RecipientsPerDay for a message that was not recorded could not be given back")]
    private static partial void LogReturnFailed(ILogger logger, Exception exception, int recipients);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Idempotency-Key claim of message {MessageId} could not be released after a failed accept; a retry can take it over when its lease ends")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string messageId);
}
