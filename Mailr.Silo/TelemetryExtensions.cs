using Mailr.Grains.Telemetry;
using Mailr.Silo.Configuration;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Mailr.Silo;

public static class TelemetryExtensions
{
    public const string DefaultServiceName = "mailr-silo";

    /// <summary>
    /// OpenTelemetry: Mailr's and Orleans' meters plus ASP.NET Core for <c>/metrics</c> (Prometheus);
    /// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, traces from HTTP through the grain to the
    /// provider's HTTP call, and OTLP export of traces, metrics and logs. Each silo reports as service
    /// <c>OTEL_SERVICE_NAME</c> (default <c>mailr-silo</c>) with instance id host:silo-port.
    /// </summary>
    public static WebApplicationBuilder AddMailrTelemetry(this WebApplicationBuilder builder)
    {
        var serviceName = builder.Configuration[ConfigurationKeys.ServiceName] is { Length: > 0 } name ? name : DefaultServiceName;
        var siloPort = builder.Configuration.GetSection(ConfigurationKeys.OrleansSection).GetValue(ConfigurationKeys.SiloPort, 11111);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName, serviceInstanceId: $"{Environment.MachineName}:{siloPort}"))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddMeter("Microsoft.Orleans")
                .AddMeter(MailrTelemetry.MeterName)
                .AddPrometheusExporter());

        // Traces only when they go somewhere: a recorded but unexported span per request and grain call is pure cost.
        // Sampling follows the standard OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG variables.
        if (!string.IsNullOrWhiteSpace(builder.Configuration[ConfigurationKeys.OtlpEndpoint]))
        {
            telemetry
                .WithTracing(t => t
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                    .AddSource(MailrTelemetry.SourceName))
                .WithLogging()
                .UseOtlpExporter();
        }

        return builder;
    }
}
