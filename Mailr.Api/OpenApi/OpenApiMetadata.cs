namespace Mailr.Api.OpenApi;

/// <summary>A header an endpoint sends with one of its statuses, for the OpenAPI document.</summary>
public sealed record ResponseHeaderMetadata(int StatusCode, string Name, string Description);

/// <summary>
/// The JSON body an endpoint reads itself (so it can answer 413, 415 and each 400 its own way). Unlike <c>Accepts&lt;T&gt;</c> it only
/// documents: <c>Accepts</c> also makes routing answer other content types with an empty 415 before the handler runs.
/// </summary>
public sealed record JsonBodyMetadata(Type Type, bool Required = true);

/// <summary>A header an endpoint reads from the request, for the OpenAPI document.</summary>
public sealed record RequestHeaderMetadata(string Name, string Description, int MaxLength, string? Pattern = null);

public static class HeaderMetadataExtensions
{
    public static TBuilder WithResponseHeader<TBuilder>(this TBuilder builder, int statusCode, string name, string description)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new ResponseHeaderMetadata(statusCode, name, description));

    public static TBuilder WithRequestHeader<TBuilder>(this TBuilder builder, string name, string description, int maxLength, string? pattern = null)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new RequestHeaderMetadata(name, description, maxLength, pattern));

    /// <summary>Documents the JSON body; <paramref name="required"/> false for one that may be left out altogether.</summary>
    public static RouteHandlerBuilder WithJsonBody<TBody>(this RouteHandlerBuilder builder, bool required = true) => builder.WithMetadata(new JsonBodyMetadata(typeof(TBody), required));

    /// <summary>Documents each status as an <see cref="ErrorResponse"/> JSON body.</summary>
    public static RouteHandlerBuilder ProducesErrors(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var status in statusCodes)
        {
            builder.Produces<ErrorResponse>(status, "application/json");
        }

        return builder;
    }
}
