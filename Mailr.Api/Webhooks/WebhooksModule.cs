using System.Diagnostics;
using Carter;
using Mailr.Api.OpenApi;
using Mailr.Grains.Events;
using Mailr.Grains.Messages;
using Mailr.Grains.Options;
using Mailr.Grains.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Mailr.Api.Webhooks;

/// <summary>
/// <c>POST /webhooks/{name}</c>: what a provider reports after it took a message. Authenticated by the provider's own
/// scheme (never an API key), so these endpoints are outside the API-key policy and the per-key request rate. A
/// <c>200</c> means every event is durably applied or deliberately ignored; anything else, and the provider sends again.
/// </summary>
public sealed class WebhooksModule : ICarterModule
{
    /// <summary>The largest body read; a larger one is a 413.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/webhooks").WithTags("Webhooks").AllowAnonymous().DisableRateLimiting();
        group.MapPost("/{name}", ReceiveAsync)
            .WithName("ReceiveProviderEvents")
            .WithSummary("Delivery events from a provider, verified by its own scheme (no API key)")
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status503ServiceUnavailable)
            .AddOpenApiOperationTransformer(NoApiKeyAsync);
        group.MapMethods("/{name}", [HttpMethods.Head], Check)
            .WithName("CheckProviderWebhook")
            .WithSummary("Whether a provider's webhook is set up (Mandrill checks its URL with HEAD when it is added)")
            .Produces(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(NoApiKeyAsync);
    }

    private static IResult Check(string name, IEnumerable<IWebhookScheme> schemes, IOptions<MailrOptions> options) =>
        Find(name, schemes, options.Value) is null ? Results.NotFound() : Results.Ok();

    /// <summary>A configured provider with a webhook secret and a scheme for its type, by name.</summary>
    private static (ProviderOptions Provider, IWebhookScheme Scheme)? Find(string name, IEnumerable<IWebhookScheme> schemes, MailrOptions options)
    {
        var provider = options.Providers.FirstOrDefault(p => string.Equals(p.DisplayName, name, StringComparison.Ordinal));
        var scheme = provider is null ? null : schemes.FirstOrDefault(s => string.Equals(s.ProviderType, provider.Type, StringComparison.OrdinalIgnoreCase));
        return provider is null || scheme is null || string.IsNullOrEmpty(provider.WebhookSecret) ? null : (provider, scheme);
    }

    // The provider authenticates with its own scheme: no API key, and a 503 asks it to send again later.
    private static Task NoApiKeyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Security = [];
        if (context.Description.HttpMethod == HttpMethods.Post)
        {
            // Each provider's own payload: JSON (most), a form (Mandrill's mandrill_events), an SNS envelope (SES).
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "The provider's own event payload, as it sends it, at most 1 MiB; see the README for each provider.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = new OpenApiSchema() },
                    ["application/x-www-form-urlencoded"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } },
                    ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            };
        }

        if (operation.Responses?.TryGetValue("503", out var unavailable) == true && unavailable is OpenApiResponse response)
        {
            response.Description = "The store is unavailable; nothing was applied. The provider sends the events again later.";
            response.Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait before sending again.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
            };
        }

        return Task.CompletedTask;
    }

    private static async Task<Results<Ok<WebhookResponse>, JsonHttpResult<ErrorResponse>>> ReceiveAsync(
        string name, HttpRequest request, IEnumerable<IWebhookScheme> schemes, IOptions<MailrOptions> options,
        IGrainFactory grains, IProviderMessageIndex index, WebhookMetrics metrics, [FromKeyedServices(Grains.GrainNames.Clock)] TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Find(name, schemes, options.Value) is not var (provider, scheme))
        {
            return Errors.Json(StatusCodes.Status404NotFound, $"No provider webhook is named '{name}'.");
        }

        if (await ReadBodyAsync(request, cancellationToken) is not { } body)
        {
            return Errors.Json(StatusCodes.Status413PayloadTooLarge, $"The body is over {MaxBodyBytes} bytes.");
        }

        using var activity = MailrTelemetry.Source.StartActivity("mailr.webhook")?.SetTag(MailrTelemetry.ProviderTag, provider.DisplayName);
        var read = await scheme.ReadAsync(new WebhookRequest(request.Method, request.Headers, request.ContentType, body, clock.GetUtcNow()), provider, cancellationToken);
        switch (read)
        {
            case WebhookRead.Refused refused:
                metrics.Refused(provider.DisplayName, refused.Status);
                activity?.SetStatus(ActivityStatusCode.Error, refused.Message);
                if (refused.Status == StatusCodes.Status503ServiceUnavailable)
                {
                    // SNS's certificate or confirmation could not be fetched: the provider sends it again later.
                    request.HttpContext.Response.Headers.RetryAfter = "30";
                }

                return Errors.Json(refused.Status, refused.Message);
            case WebhookRead.Handled handled:
                return TypedResults.Ok(new WebhookResponse(handled.Message, 0));
        }

        var reports = await MatchAsync(((WebhookRead.Events)read).Reports, provider, index);
        var results = await ApplyAsync(reports, grains);
        for (var i = 0; i < reports.Count; i++)
        {
            metrics.Received(provider.DisplayName, reports[i].Kind, results[i]);
        }

        activity?.SetTag("mailr.events", reports.Count);
        return TypedResults.Ok(new WebhookResponse("Received.", reports.Count));
    }

    /// <summary>Events that name only the provider's message id get Mailr's id from the index (one round trip for the request).</summary>
    private static async Task<IReadOnlyList<DeliveryReport>> MatchAsync(IReadOnlyList<DeliveryReport> reports, ProviderOptions provider, IProviderMessageIndex index)
    {
        var unnamed = reports.Select((r, i) => (Report: r, Index: i, Keys: r.MessageId is null ? ProviderMessageIds.Keys(provider.Type, r.ProviderMessageId) : []))
            .Where(x => x.Keys.Count > 0)
            .ToList();
        if (unnamed.Count == 0)
        {
            return reports;
        }

        var found = await index.FindAsync(provider.DisplayName, [.. unnamed.Select(x => x.Keys[0])]);
        var matched = reports.ToArray();
        for (var i = 0; i < unnamed.Count; i++)
        {
            if (found[i] is { } id)
            {
                matched[unnamed[i].Index] = unnamed[i].Report with { MessageId = id };
            }
        }

        return matched;
    }

    /// <summary>Each message's events in one grain call, all messages at once; the results in the order of the reports.</summary>
    private static async Task<EventResult[]> ApplyAsync(IReadOnlyList<DeliveryReport> reports, IGrainFactory grains)
    {
        var results = new EventResult[reports.Count];
        var byMessage = reports.Select((report, index) => (report, index))
            .GroupBy(x => x.report.MessageId is { } id && MessageId.IsWellFormed(id) ? id : null);
        await Task.WhenAll(byMessage.Select(async group =>
        {
            var items = group.ToList();
            var applied = group.Key is null
                ? [.. items.Select(_ => EventResult.Unmatched)]
                : await grains.GetGrain<IMessageGrain>(group.Key).ApplyEventsAsync([.. items.Select(x => x.report)]);
            for (var i = 0; i < items.Count; i++)
            {
                results[items[i].index] = applied[i];
            }
        }));
        return results;
    }

    /// <summary>The whole body, or null when it is over <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

/// <summary>The answer to a provider: <c>{"message": "Received.", "events": n}</c>.</summary>
public sealed record WebhookResponse(string Message, int Events);
