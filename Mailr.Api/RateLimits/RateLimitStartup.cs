using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mailr.Api.RateLimits;

public static class RateLimitStartup
{
    /// <summary>The per-key limits; counters stay in memory unless Redis mode registered its store first.</summary>
    public static IServiceCollection AddMailrRateLimits(this IServiceCollection services)
    {
        services.TryAddSingleton<IRateLimitStore, MemoryRateLimitStore>();
        services.TryAddSingleton<KeyRateLimits>();
        services.AddRateLimiter(o =>
        {
            // The middleware's default is 503, which would tell clients the service is down and to come back.
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RejectAsync;
            o.AddPolicy(KeyRateLimits.RequestPolicy, context => context.RequestServices.GetRequiredService<KeyRateLimits>().RequestPartition(context));
        });
        return services;
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        var message = rejected.Lease.TryGetMetadata(MetadataName.ReasonPhrase, out var reason) && reason is not null
            ? reason
            : "This API key is over its rate limit. Try again after the Retry-After seconds.";
        var response = rejected.HttpContext.Response;
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await response.WriteAsJsonAsync(new ErrorResponse(message), cancellationToken);
    }
}
