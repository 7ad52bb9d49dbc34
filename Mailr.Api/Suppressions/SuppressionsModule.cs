using System.Globalization;
using Carter;
using Mailr.Api.OpenApi;
using Mailr.Grains;
using Mailr.Grains.Suppression;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mailr.Api.Suppressions;

/// <summary>
/// The caller's suppression list: the addresses its messages are no longer sent to. Operator keys may pass
/// <c>?key=&lt;name&gt;</c> to manage another key's list.
/// </summary>
public sealed class SuppressionsModule : ICarterModule
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    private static readonly JsonShape s_noFields = new();

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/suppressions").WithTags("Suppressions");
        group.MapGet("", ListAsync)
            .WithName("ListSuppressions")
            .WithSummary("The key's suppressed addresses, oldest first, a page at a time")
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden)
            .AddOpenApiOperationTransformer(SuppressionsOpenApi.DescribeListQuery);
        group.MapGet("/{email}", GetAsync)
            .WithName("GetSuppression")
            .WithSummary("Whether an address is suppressed, why and since when")
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(SuppressionsOpenApi.DescribeEntryPath);
        group.MapPut("/{email}", AddAsync)
            .WithName("AddSuppression")
            .WithSummary("Suppress an address by hand (reason manual); 200 with the existing entry when it is there already")
            .WithJsonBody<AddSuppressionRequest>(required: false)
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType)
            .WithResponseHeader(StatusCodes.Status201Created, "Location", "`/suppressions/{email}` of the new entry.")
            .AddOpenApiOperationTransformer(SuppressionsOpenApi.DescribeEntryPath);
        group.MapDelete("/{email}", RemoveAsync)
            .WithName("RemoveSuppression")
            .WithSummary("Send to an address again")
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(SuppressionsOpenApi.DescribeEntryPath);
    }

    private static async Task<Results<Ok<SuppressionListResponse>, JsonHttpResult<ErrorResponse>>> ListAsync(
        HttpContext context, ISuppressionList list, string? limit, string? after, string? key)
    {
        if (SuppressionTarget.Owner(context, key, out var owner) is { } refused)
        {
            return refused;
        }

        var count = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxLimit))
        {
            return Errors.BadRequest($"The query parameter 'limit' must be a whole number from 1 to {MaxLimit}.");
        }

        if (after is not null && !SuppressionOrder.TryReadCursor(after, out _))
        {
            return Errors.BadRequest("The query parameter 'after' is not a cursor from this list; pass the 'next' of the previous page.");
        }

        return TypedResults.Ok(SuppressionListResponse.From(await list.ListAsync(owner, count, after)));
    }

    private static async Task<Results<Ok<SuppressionResponse>, JsonHttpResult<ErrorResponse>>> GetAsync(
        string email, HttpContext context, ISuppressionList list, string? key)
    {
        if (SuppressionTarget.Entry(context, email, key, out var owner, out var address) is { } refused)
        {
            return refused;
        }

        return await list.GetAsync(owner, address) is { } entry ? TypedResults.Ok(SuppressionResponse.From(entry)) : NotListed(address);
    }

    private static async Task<Results<Created<SuppressionResponse>, Ok<SuppressionResponse>, JsonHttpResult<ErrorResponse>>> AddAsync(
        string email, HttpRequest request, ISuppressionList list, IOptions<MailrApiOptions> options,
        [FromKeyedServices(GrainNames.Clock)] TimeProvider clock, string? key, CancellationToken cancellationToken)
    {
        if (SuppressionTarget.Entry(request.HttpContext, email, key, out var owner, out var address) is { } refused)
        {
            return refused;
        }

        if (HasBody(request))
        {
            var (_, error) = await JsonBody.ReadAsync(request, options.Value.Limits.MaxBodyBytes, RequestJsonContext.Default.AddSuppressionRequest, s_noFields, cancellationToken);
            if (error is not null)
            {
                return error;
            }
        }

        var entry = new SuppressionEntry(address, SuppressionReason.Manual, clock.GetUtcNow());

        // A DELETE between the two calls can remove the entry found present; then it is added again.
        while (true)
        {
            if (await list.AddAsync(owner, entry))
            {
                return TypedResults.Created($"/suppressions/{Uri.EscapeDataString(address)}", SuppressionResponse.From(SuppressionOrder.Normalise(entry)));
            }

            if (await list.GetAsync(owner, address) is { } existing)
            {
                return TypedResults.Ok(SuppressionResponse.From(existing));
            }
        }
    }

    private static async Task<Results<NoContent, JsonHttpResult<ErrorResponse>>> RemoveAsync(
        string email, HttpContext context, ISuppressionList list, string? key)
    {
        if (SuppressionTarget.Entry(context, email, key, out var owner, out var address) is { } refused)
        {
            return refused;
        }

        return await list.RemoveAsync(owner, address) ? TypedResults.NoContent() : NotListed(address);
    }

    private static JsonHttpResult<ErrorResponse> NotListed(string address) =>
        Errors.Json(StatusCodes.Status404NotFound, $"'{address}' is not on this key's suppression list.");

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength is not 0 && request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is not { CanHaveBody: false };
}
