using System.Text.Json.Serialization.Metadata;
using Mailr.Api.Auth;
using Microsoft.AspNetCore.Authorization;
using Scalar.AspNetCore;

namespace Mailr.Api.OpenApi;

/// <summary>
/// The contract as a document: <c>GET /openapi/v1.json</c> (OpenAPI 3.1) and its browsable reference at <c>/scalar</c>.
/// Both are open without a key, like <c>/health</c>: they describe the API, they do not use it.
/// </summary>
public static class OpenApiExtensions
{
    public const string DocumentName = "v1";
    public const string DocumentPattern = "/openapi/{documentName}.json";
    public const string ReferencePath = "/scalar";

    public static IServiceCollection AddMailrOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, o =>
        {
            // The dashboard is a UI for operators, and its JSON endpoints are its own business, not Mailr's contract.
            o.ShouldInclude = d => d.RelativePath?.StartsWith("dashboard", StringComparison.Ordinal) != true;
            o.AddDocumentTransformer<MailrDocumentTransformer>();
            o.AddSchemaTransformer((schema, context, _) =>
            {
                // Request bodies (every object type of the strict RequestJsonContext) refuse members the schema does not name.
                if (RequestJsonContext.Default.GetTypeInfo(context.JsonTypeInfo.Type) is { Kind: JsonTypeInfoKind.Object })
                {
                    schema.AdditionalPropertiesAllowed = false;
                }

                return Task.CompletedTask;
            });
            o.AddOperationTransformer<ApiResponsesTransformer>();
            o.AddOperationTransformer<HeadersTransformer>();
        });

    public static WebApplication MapMailrOpenApi(this WebApplication app)
    {
        app.MapOpenApi(DocumentPattern).AllowAnonymous();
        app.MapScalarApiReference(ReferencePath, o => o.WithTitle("Mailr API")).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// Whether the endpoint is behind Mailr's API key (any key, or an operator key). An operator endpoint carries both
    /// policies (the root group's and its own); the stricter one decides.
    /// </summary>
    internal static string? PolicyOf(IList<object> metadata)
    {
        if (metadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any())
        {
            return null;
        }

        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToList();
        return policies.Contains(ApiKeyAuthentication.OperatorPolicy) ? ApiKeyAuthentication.OperatorPolicy
            : policies.Contains(ApiKeyAuthentication.ApiPolicy) ? ApiKeyAuthentication.ApiPolicy
            : null;
    }
}
