using Carter;
using Mailr.Api.Auth;
using Mailr.Api.Idempotency;
using Mailr.Api.OpenApi;
using Mailr.Grains.Messages;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mailr.Api.Messages;

public sealed class MessagesModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/messages").WithTags("Messages");
        group.MapPost("", SendAsync)
            .WithName("SendMessage")
            .WithSummary("Send a message")
            .WithDescription("Records the message durably and answers 202; delivery, failover and retries happen afterwards.")
            .WithJsonBody<SendMessageRequest>()
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict,
                StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity)
            .WithRequestHeader(IdempotencyKey.Header, "Optional, 1-255 printable ASCII characters without spaces, scoped to the API key: "
                + "the same key with the same body replays the first 202; with another body it is a 422.", IdempotencyKey.MaxLength, IdempotencyKey.Pattern)
            .WithResponseHeader(StatusCodes.Status202Accepted, "Location", "`/messages/{id}`.")
            .WithResponseHeader(StatusCodes.Status202Accepted, MessageAcceptance.ReplayedHeader, "`true` when this is the replay of an earlier request with the same Idempotency-Key.")
            .WithResponseHeader(StatusCodes.Status409Conflict, "Retry-After", "Seconds to wait: the first request with this Idempotency-Key is still being recorded.");
        group.MapGet("/{id}", GetAsync)
            .WithName("GetMessage")
            .WithSummary("Count a message's recipients by status")
            .ProducesErrors(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Accepted<AcceptedResponse>, JsonHttpResult<ErrorResponse>>> SendAsync(
        HttpRequest request, IGrainFactory grains, IOptions<MailrApiOptions> options, MessageAcceptance acceptance, CancellationToken cancellationToken)
    {
        var limits = options.Value.Limits;
        var (body, error) = await JsonBody.ReadAsync(request, limits.MaxBodyBytes, RequestJsonContext.Default.SendMessageRequest, SendMessageValidator.Shape, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var (message, invalid) = SendMessageValidator.Validate(body!, limits);
        if (invalid is not null)
        {
            return invalid;
        }

        if (SenderAllowList.Refuse(request.HttpContext, message!.Content.From) is { } forbidden)
        {
            return forbidden;
        }

        return await acceptance.AcceptAsync(request.HttpContext, grains, message);
    }

    private static async Task<Results<Ok<MessageSummaryResponse>, JsonHttpResult<ErrorResponse>>> GetAsync(string id, HttpContext context, IGrainFactory grains)
    {
        if (!MessageId.IsWellFormed(id) || await grains.GetGrain<IMessageGrain>(id).GetSummaryAsync(new MessageQuery(Caller.Owner(context))) is not { } summary)
        {
            return Errors.NotFound();
        }

        return TypedResults.Ok(MessageSummaryResponse.From(id, summary));
    }
}
