namespace Mailr.Silo.Configuration;

/// <summary>
/// Every configuration key Mailr.Silo reads outside the options classes, in one place: the code reads them through
/// these names, and the deployment tests check docker-compose.yml's environment against them and the options.
/// </summary>
public static class ConfigurationKeys
{
    /// <summary>The connection-string name under <c>ConnectionStrings</c>; set means Redis mode.</summary>
    public const string RedisConnectionName = "Redis";

    public const string OrleansSection = "Orleans";
    public const string ClusterId = "ClusterId";
    public const string ServiceId = "ServiceId";
    public const string SiloPort = "SiloPort";
    public const string GatewayPort = "GatewayPort";

    /// <summary>An IP address, or <c>auto</c> for this host's own (see <see cref="AdvertisedAddress"/>).</summary>
    public const string AdvertisedIPAddress = "AdvertisedIPAddress";
    public const string MinimumReminderPeriod = "MinimumReminderPeriod";

    /// <summary><c>true</c>: take the silo's identity from the Kubernetes pod (UseKubernetesHosting).</summary>
    public const string Kubernetes = "Kubernetes";

    /// <summary>The OpenTelemetry service name; default <c>mailr-silo</c>.</summary>
    public const string ServiceName = "OTEL_SERVICE_NAME";

    /// <summary>Set: export traces, metrics and logs over OTLP to this endpoint.</summary>
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Set by the .NET container images; with Redis it makes an unset advertised address mean <c>auto</c>.</summary>
    public const string RunningInContainer = "DOTNET_RUNNING_IN_CONTAINER";
}
