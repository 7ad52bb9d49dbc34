using Carter;
using Mailr.Api.Auth;
using Mailr.Api.OpenApi;
using Mailr.Grains.ProviderHealth;
using Mailr.Grains.Providers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mailr.Api.Providers;

/// <summary>
/// The operator's view of provider health: <c>GET /providers</c>, and <c>POST /providers/{name}/disable|enable</c>
/// to take one out of rotation on every silo (each silo's view hears it from the provider's health grain).
/// </summary>
public sealed class ProvidersModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/providers").WithTags("Providers").RequireOperator();
        group.MapGet("", ListAsync)
            .WithName("ListProviders")
            .WithSummary("Each provider's health as the cluster sees it (operator keys only)");
        group.MapPost("/{name}/disable", DisableAsync)
            .WithName("DisableProvider")
            .WithSummary("Take a provider out of rotation on every silo (operator keys only)")
            .ProducesErrors(StatusCodes.Status404NotFound);
        group.MapPost("/{name}/enable", EnableAsync)
            .WithName("EnableProvider")
            .WithSummary("Put a disabled provider back into rotation on every silo (operator keys only)")
            .ProducesErrors(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<ProviderResponse[]>> ListAsync(ProviderRegistry providers, IGrainFactory grains)
    {
        var list = providers.Providers;
        var health = await Task.WhenAll(list.Select(p => grains.GetGrain<IProviderHealthGrain>(p.Name).GetAsync()));
        return TypedResults.Ok(list.Select((p, i) => ProviderResponse.From(p, i, health[i])).ToArray());
    }

    private static Task<Results<Ok<ProviderResponse>, JsonHttpResult<ErrorResponse>>> DisableAsync(string name, ProviderRegistry providers, ProviderHealthView health) =>
        SetDisabledAsync(name, true, providers, health);

    private static Task<Results<Ok<ProviderResponse>, JsonHttpResult<ErrorResponse>>> EnableAsync(string name, ProviderRegistry providers, ProviderHealthView health) =>
        SetDisabledAsync(name, false, providers, health);

    /// <summary>Through the health grain, which tells every silo; this silo's own view takes the answer at once.</summary>
    private static async Task<Results<Ok<ProviderResponse>, JsonHttpResult<ErrorResponse>>> SetDisabledAsync(
        string name, bool disabled, ProviderRegistry providers, ProviderHealthView health)
    {
        var index = providers.Providers.ToList().FindIndex(p => string.Equals(p.Name, name, StringComparison.Ordinal));
        if (index < 0)
        {
            return TypedResults.Json(new ErrorResponse($"No provider is named '{name}'."), statusCode: StatusCodes.Status404NotFound);
        }

        var changed = await health.SetDisabledAsync(name, disabled);
        return TypedResults.Ok(ProviderResponse.From(providers.Providers[index], index, changed));
    }
}
