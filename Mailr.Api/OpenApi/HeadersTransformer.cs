using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Mailr.Api.OpenApi;

/// <summary>Puts an endpoint's <see cref="JsonBodyMetadata"/>, <see cref="RequestHeaderMetadata"/> and <see cref="ResponseHeaderMetadata"/> into its operation.</summary>
public sealed class HeadersTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<JsonBodyMetadata>().FirstOrDefault() is { } body && context.Document is { } document)
        {
            var name = body.Type.Name;
            if (document.Components?.Schemas?.ContainsKey(name) != true)
            {
                document.AddComponent<IOpenApiSchema>(name, await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken));
            }

            operation.RequestBody = new OpenApiRequestBody
            {
                Required = body.Required,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = new OpenApiSchemaReference(name, document) } },
            };
        }

        foreach (var header in metadata.OfType<RequestHeaderMetadata>())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = header.Name,
                In = ParameterLocation.Header,
                Required = false,
                Description = header.Description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = header.MaxLength, Pattern = header.Pattern },
            });
        }

        foreach (var header in metadata.OfType<ResponseHeaderMetadata>())
        {
            if (operation.Responses?.GetValueOrDefault(header.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)) is OpenApiResponse response)
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers[header.Name] = new OpenApiHeader { Description = header.Description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            }
        }

    }
}
