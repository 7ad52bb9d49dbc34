using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Mailr.Api.Suppressions;

/// <summary>The words and types of the suppression endpoints' parameters, which are bound as text so that a bad one gets Mailr's JSON 400.</summary>
internal static class SuppressionsOpenApi
{
    public static Task DescribeListQuery(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        Describe(operation, "limit", $"How many entries to return, 1 to {SuppressionsModule.MaxLimit} (default {SuppressionsModule.DefaultLimit}).",
            new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = SuppressionsModule.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture), Default = SuppressionsModule.DefaultLimit });
        Describe(operation, "after", "The `next` of the previous page; omit it for the first page.");
        return DescribeKeyAsync(operation);
    }

    public static Task DescribeEntryPath(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        Describe(operation, "email", "The address, URL-encoded; a full mailbox (`Name <jay@example.com>`) is reduced to its address. Compared in lower case, with the domain in ASCII (punycode).");
        return DescribeKeyAsync(operation);
    }

    private static Task DescribeKeyAsync(OpenApiOperation operation)
    {
        Describe(operation, SuppressionTarget.KeyParameter, "Operator keys only: the name of the API key whose list to manage (default: the caller's own). Other keys get 403.");
        return Task.CompletedTask;
    }

    private static void Describe(OpenApiOperation operation, string name, string description, OpenApiSchema? schema = null)
    {
        if (operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == name) is not { } parameter)
        {
            return;
        }

        parameter.Description = description;
        parameter.Required = parameter.In == ParameterLocation.Path;
        if (schema is not null)
        {
            parameter.Schema = schema;
        }
    }
}
