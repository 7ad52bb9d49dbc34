using Carter;
using Mailr.Api.Auth;
using Mailr.Api.OpenApi;
using Mailr.Api.Status;
using Mailr.Grains.Messages;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mailr.Api.Story;

/// <summary><c>POST /story</c>: one recipient's story, under exactly the rules of <c>POST /status</c>.</summary>
public sealed class StoryModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapPost("/story", GetStoryAsync)
            .WithTags("Status")
            .WithName("GetStory")
            .WithSummary("One recipient's story, attempt by attempt")
            .WithJsonBody<RecipientLookupRequest>()
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<Results<Ok<StoryResponse>, JsonHttpResult<ErrorResponse>>> GetStoryAsync(HttpRequest request, IGrainFactory grains, IOptions<MailrApiOptions> options, CancellationToken cancellationToken)
    {
        var (lookup, error) = await RecipientLookup.ReadAsync(request, options.Value.Limits.MaxBodyBytes, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (await grains.GetGrain<IMessageGrain>(lookup!.Id).GetStoryAsync(new RecipientQuery(Caller.Owner(request.HttpContext), lookup.RecipientKey)) is not { } story)
        {
            return Errors.NotFound();
        }

        return TypedResults.Ok(StoryResponse.From(story));
    }
}
