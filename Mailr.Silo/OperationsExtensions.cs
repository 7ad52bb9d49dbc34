using Mailr.Api.Auth;
using Mailr.Silo.Configuration;
using Mailr.Silo.Health;
using Orleans.Dashboard;

namespace Mailr.Silo;

public static class OperationsExtensions
{
    /// <summary>
    /// How long a stopping silo (SIGTERM) may take: enough for a provider call in flight (10 s
    /// timeout by default) and its state write to finish while Orleans deactivates the grains.
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The dashboard, trace propagation through grain calls, optional Kubernetes hosting, health, telemetry and shutdown.</summary>
    public static WebApplicationBuilder AddMailrOperations(this WebApplicationBuilder builder)
    {
        var kubernetes = builder.Configuration.GetSection(ConfigurationKeys.OrleansSection).GetValue<bool>(ConfigurationKeys.Kubernetes);
        builder.UseOrleans(silo =>
        {
            silo.AddDashboard();
            silo.AddActivityPropagation();
            if (kubernetes)
            {
                // Takes the silo's address, name and cluster id from the pod (POD_IP, POD_NAME, POD_NAMESPACE, ORLEANS_CLUSTER_ID).
                silo.UseKubernetesHosting();
            }
        });

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.AddMailrHealth();
        builder.AddMailrTelemetry();
        return builder;
    }

    /// <summary><c>/dashboard</c>, <c>/health/live</c>, <c>/health/ready</c> and <c>/metrics</c>.</summary>
    public static WebApplication MapMailrOperations(this WebApplication app)
    {
        app.MapOrleansDashboard(routePrefix: "/dashboard").RequireOperator();
        app.MapMailrHealth();
        app.MapPrometheusScrapingEndpoint();
        return app;
    }
}
