using Carter;
using Mailr.Api.Auth;
using Mailr.Api.Idempotency;
using Mailr.Grains.Messages;
using Mailr.Grains.Options;

namespace Mailr.Api.Messages;

public sealed class MessagesModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/messages").WithTags("Messages");
        group.MapPost("", SendAsync);
        group.MapGet("/{id}", GetAsync);
    }

    private static async Task<IResult> SendAsync(HttpRequest request, IGrainFactory grains, IOptions<MailrOptions> options, MessageAcceptance acceptance, CancellationToken cancellationToken)
    {
        var limits = options.Value.Limits;
        var (document, error) = await JsonBody.ReadAsync(request, limits.MaxBodyBytes, cancellationToken);
        using var _ = document;
        if (error is not null)
        {
            return error;
        }

        var (message, invalid) = SendMessageReader.Read(document!.RootElement, limits);
        if (invalid is not null)
        {
            return invalid;
        }

        if (SenderAllowList.Refuse(request.HttpContext, message!.From) is { } forbidden)
        {
            return forbidden;
        }

        return await acceptance.AcceptAsync(request.HttpContext, grains, message!);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, IGrainFactory grains)
    {
        if (!MessageId.IsWellFormed(id) || await grains.GetGrain<IMessageGrain>(id).GetSummaryAsync(new MessageQuery(Caller.Owner(context))) is not { } summary)
        {
            return Errors.NotFound();
        }

        return TypedResults.Ok(MessageSummaryResponse.From(id, summary));
    }
}
