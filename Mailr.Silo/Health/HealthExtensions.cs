using Mailr.Silo.Configuration;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mailr.Silo.Health;

public static class HealthExtensions
{
    /// <summary>The tag of the checks behind <c>/health/ready</c>.</summary>
    public const string ReadyTag = "ready";

    public const string StorageCheck = "storage";
    public const string SiloCheck = "silo";

    /// <summary>Ready = the message store answers (Redis PING; always in embedded mode) and this silo is Active.</summary>
    public static WebApplicationBuilder AddMailrHealth(this WebApplicationBuilder builder)
    {
        var checks = builder.Services.AddHealthChecks();
        var redis = builder.Configuration.GetConnectionString(ConfigurationKeys.RedisConnectionName);
        if (string.IsNullOrWhiteSpace(redis))
        {
            checks.AddCheck(StorageCheck, () => HealthCheckResult.Healthy("in-memory message store (embedded mode)"), [ReadyTag]);
        }
        else
        {
            builder.Services.AddSingleton(new RedisStorageHealthCheck(redis));
            checks.AddCheck<RedisStorageHealthCheck>(StorageCheck, tags: [ReadyTag]);
        }

        checks.AddCheck<SiloActiveHealthCheck>(SiloCheck, tags: [ReadyTag]);
        return builder;
    }

    /// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: it can take messages (503 when not).</summary>
    public static WebApplication MapMailrHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthJson.WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = r => r.Tags.Contains(ReadyTag), ResponseWriter = HealthJson.WriteAsync });
        return app;
    }
}
