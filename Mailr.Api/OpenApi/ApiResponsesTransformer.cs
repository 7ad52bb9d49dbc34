using Mailr.Api.Auth;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Mailr.Api.OpenApi;

/// <summary>
/// The answers every endpoint behind the API key can give whatever its handler does: 401 (no or a bad key), 403 on operator
/// endpoints, 429 (rate limits), 503 (storage or the cluster unavailable) and 500 (a bug); and its security requirement.
/// </summary>
public sealed class ApiResponsesTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (OpenApiExtensions.PolicyOf(context.Description.ActionDescriptor.EndpointMetadata) is not { } policy)
        {
            return;
        }

        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(MailrDocumentTransformer.SecuritySchemeName, context.Document)] = [] }];
        operation.Responses ??= [];
        var error = ErrorSchemaOf(operation) ?? await context.GetOrCreateSchemaAsync(typeof(ErrorResponse), null, cancellationToken);
        Add(operation, error, StatusCodes.Status401Unauthorized, "No API key, a malformed one or an unknown one.", ("WWW-Authenticate", "`Bearer`, or `Bearer error=\"invalid_token\"` for a bad key."));
        if (policy == ApiKeyAuthentication.OperatorPolicy)
        {
            Add(operation, error, StatusCodes.Status403Forbidden, "The key is not an operator key.");
        }

        Add(operation, error, StatusCodes.Status429TooManyRequests, "Over the key's rate limit; nothing was recorded.", ("Retry-After", "Seconds to wait before trying again."));
        Add(operation, error, StatusCodes.Status503ServiceUnavailable, "Storage or the cluster is unavailable; nothing was recorded, safe to retry.", ("Retry-After", "Seconds to wait before trying again."));
        Add(operation, error, StatusCodes.Status500InternalServerError, "A fault in Mailr itself (logged); retrying will not help.");
    }

    // The $ref to ErrorResponse that the endpoint's own error answers already use.
    private static IOpenApiSchema? ErrorSchemaOf(OpenApiOperation operation) => operation.Responses!.Values
        .Select(r => r.Content is { } content && content.TryGetValue("application/json", out var media) ? media.Schema : null)
        .FirstOrDefault(s => s is OpenApiSchemaReference { Reference.Id: nameof(ErrorResponse) });

    private static void Add(OpenApiOperation operation, IOpenApiSchema error, int status, string description, params (string Name, string Description)[] headers)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key))
        {
            return;
        }

        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = error } },
        };
        if (headers.Length > 0)
        {
            response.Headers = headers.ToDictionary(h => h.Name, h => (IOpenApiHeader)new OpenApiHeader { Description = h.Description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
        }

        operation.Responses[key] = response;
    }
}
