using Carter;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Mailr.Api.Auth;
using Mailr.Api.Idempotency;
using Mailr.Api.Messages;
using Mailr.Api.OpenApi;
using Mailr.Api.Providers;
using Mailr.Api.RateLimits;
using Mailr.Api.Status;
using Mailr.Api.Story;
using Mailr.Api.Suppressions;
using Mailr.Api.Web;
using Mailr.Api.Webhooks;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Mailr.Api;

public static partial class MailrApiExtensions
{
    public static IServiceCollection AddMailrApi(this IServiceCollection services)
    {
        services.AddOptions<MailrApiOptions>().BindConfiguration(MailrApiOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MailrApiOptions>, MailrApiOptionsValidator>());
        services.AddCarter(configurator: c => c.WithModule<MessagesModule>().WithModule<StatusModule>().WithModule<StoryModule>().WithModule<ProvidersModule>()
            .WithModule<SuppressionsModule>().WithModule<WebhooksModule>());
        services.AddMailrWebhooks();
        services.AddMailrApiKeys();
        services.TryAddSingleton<InfrastructureFailures>();
        services.AddMailrIdempotency();
        services.AddMailrRateLimits();
        services.AddMailrOpenApi();
        return services;
    }

    /// <summary>
    /// Maps the API and serves the web page at <c>/</c>. An exception a handler did not turn into a 4xx is either an infrastructure
    /// failure (storage unreachable, a silo dying: 503 with Retry-After, safe to try again) or a bug (a logged 500, never "try again").
    /// </summary>
    public static WebApplication MapMailrApi(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = async context =>
            {
                var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                if (context.RequestServices.GetRequiredService<InfrastructureFailures>().Matches(exception))
                {
                    LogUnavailable(app.Logger, exception, context.Request.Path);
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    context.Response.Headers.RetryAfter = "5";
                    await context.Response.WriteAsJsonAsync(new ErrorResponse("Mailr cannot handle this request right now, and did not accept it. Try again shortly."));
                    return;
                }

                LogBug(app.Logger, exception, context.Request.Path);
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await context.Response.WriteAsJsonAsync(new ErrorResponse("Mailr failed on this request because of a fault in Mailr itself; it was logged. Retrying will not help until it is fixed."));
            },
        });
        app.UseMailrWebPage();
        app.UseAuthentication();
        app.UseAuthorization();

        // After authorization, so a request is counted against the key it proved (its name), and a refused key is a 401, not a count.
        app.UseRateLimiter();
        ApiKeyStartup.WarnWhenOpen(app);
        app.MapMailrOpenApi();

        // One root group for every public endpoint: the API-key policy and the per-key request rate are set here once.
        app.MapGroup("").RequireAuthorization(ApiKeyAuthentication.ApiPolicy).RequireRateLimiting(KeyRateLimits.RequestPolicy).MapCarter();
        return app;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request to {Path} failed: storage or the cluster is unavailable; answered 503")]
    private static partial void LogUnavailable(ILogger logger, Exception? exception, string path);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Request to {Path} failed on a fault in Mailr (a bug); answered 500")]
    private static partial void LogBug(ILogger logger, Exception? exception, string path);
}
