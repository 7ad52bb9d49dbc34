using Carter;
using Mailr.Api.Auth;
using Mailr.Api.OpenApi;
using Mailr.Grains.Messages;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mailr.Api.Status;

public sealed class StatusModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapPost("/status", GetStatusAsync)
            .WithTags("Status")
            .WithName("GetStatus")
            .WithSummary("One recipient's status")
            .WithJsonBody<RecipientLookupRequest>()
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<Results<Ok<StatusResponse>, JsonHttpResult<ErrorResponse>>> GetStatusAsync(HttpRequest request, IGrainFactory grains, IOptions<MailrApiOptions> options, CancellationToken cancellationToken)
    {
        var (lookup, error) = await RecipientLookup.ReadAsync(request, options.Value.Limits.MaxBodyBytes, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (await grains.GetGrain<IMessageGrain>(lookup!.Id).GetStatusAsync(new RecipientQuery(Caller.Owner(request.HttpContext), lookup.RecipientKey)) is not { } status)
        {
            return Errors.NotFound();
        }

        return TypedResults.Ok(StatusResponse.From(status));
    }
}
