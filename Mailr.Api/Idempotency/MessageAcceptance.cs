using Mailr.Grains;
using Mailr.Grains.Messages;
using Mailr.Grains.Options;
using Mailr.Grains.Storage;
using Mailr.Api.Auth;
using Mailr.Api.Messages;
using Microsoft.Extensions.Logging;

namespace Mailr.Api.Idempotency;

/// <summary>
/// The end of the accept path of <c>POST /messages</c>, after the body is validated: the Idempotency-Key, then the grain.
/// With a key, the message's id is reserved in the claim, so a retry (or a takeover of a claim whose process died) records
/// it under the same id, and the grain's AlreadyExists means "recorded already": it is replayed, never sent twice.
/// </summary>
public sealed partial class MessageAcceptance(
    IIdempotencyStore keys,
    IOptions<MailrOptions> options,
    [FromKeyedServices(GrainNames.Clock)] TimeProvider clock,
    ILogger<MessageAcceptance> logger)
{
    /// <summary>How long a claim is held before another request may take it over (its process is presumed dead).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    public const string ReplayedHeader = "Idempotent-Replayed";

    public async Task<IResult> AcceptAsync(HttpContext context, IGrainFactory grains, OutgoingMessage message)
    {
        var accept = new AcceptRequest(Caller.Owner(context), message);
        var (key, error) = IdempotencyKey.Read(context.Request.Headers);
        if (error is not null)
        {
            return error;
        }

        if (key is null)
        {
            return await AcceptNewAsync(grains, accept);
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
        AcceptOutcome outcome;
        try
        {
            outcome = await grains.GetGrain<IMessageGrain>(entry.MessageId).AcceptAsync(accept);
        }
        catch
        {
            await ReleaseAsync(scope, entry.MessageId);
            throw;
        }

        await CompleteAsync(scope, entry);
        return outcome == AcceptOutcome.Accepted ? Accepted(entry.MessageId) : Replay(context, entry.MessageId);
    }

    private static async Task<IResult> AcceptNewAsync(IGrainFactory grains, AcceptRequest accept)
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

    private static IResult Accepted(string id) => TypedResults.Accepted($"/messages/{id}", AcceptedResponse.For(id));

    private static IResult Replay(HttpContext context, string id)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Idempotency-Key claim of message {MessageId} could not be released after a failed accept; a retry can take it over when its lease ends")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string messageId);
}
