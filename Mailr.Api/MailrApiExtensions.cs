using Carter;
using Mailr.Api.Idempotency;
using Mailr.Api.Messages;
using Mailr.Api.Status;
using Mailr.Api.Story;
using Mailr.Api.Web;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Mailr.Api;

public static partial class MailrApiExtensions
{
    public static IServiceCollection AddMailrApi(this IServiceCollection services)
    {
        services.AddCarter(configurator: c => c.WithModule<MessagesModule>().WithModule<StatusModule>().WithModule<StoryModule>());
        services.AddMailrIdempotency();
        return services;
    }

    /// <summary>
    /// Maps the API and serves the web page at <c>/</c>. Anything a handler did not turn into a 4xx is an infrastructure failure (storage
    /// unreachable, a silo dying): the caller gets 503 with Retry-After and can safely try again.
    /// </summary>
    public static WebApplication MapMailrApi(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = async context =>
            {
                var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                LogUnavailable(app.Logger, exception, context.Request.Path);
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "5";
                await context.Response.WriteAsJsonAsync(new ErrorResponse("Mailr cannot handle this request right now, and did not accept it. Try again shortly."));
            },
        });
        app.UseMailrWebPage();
        app.MapCarter();
        return app;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request to {Path} failed; answered 503")]
    private static partial void LogUnavailable(ILogger logger, Exception? exception, string path);
}
