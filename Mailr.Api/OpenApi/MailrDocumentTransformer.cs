using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Mailr.Api.OpenApi;

/// <summary>The document's title and the <c>Authorization: Bearer &lt;key&gt;</c> scheme every API operation uses.</summary>
public sealed class MailrDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string SecuritySchemeName = "bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Mailr",
            Version = "v1",
            Description = "Send email once; Mailr delivers it through several providers with failover and retries, "
                + "and tells you per recipient what became of it. Every error is JSON with a `message`.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "`Authorization: Bearer <key>` with a key configured under Mailr:ApiKeys. With no keys configured Mailr runs open and needs none.",
        };
        return Task.CompletedTask;
    }
}
