using System.Collections;
using System.Reflection;
using Mailr.Api;
using Mailr.Grains.Options;
using Mailr.Silo.Redis;

namespace Mailr.Silo.Configuration;

/// <summary>
/// Every configuration key Mailr.Silo reads, in one place: the code reads them through these names,
/// and the deployment tests check docker-compose.yml's environment against <see cref="IsKnown"/>.
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

    /// <summary>Where Kestrel listens (<c>ASPNETCORE_URLS</c>, <c>--urls</c>).</summary>
    public const string Urls = "urls";

    /// <summary>Set by the .NET container images; with Redis it makes an unset advertised address mean <c>auto</c>.</summary>
    public const string RunningInContainer = "DOTNET_RUNNING_IN_CONTAINER";

    /// <summary>The known keys as configuration paths; <c>*</c> stands for a list index.</summary>
    public static IReadOnlyList<string> Known { get; } =
    [
        Urls,
        $"ConnectionStrings:{RedisConnectionName}",
        .. new[] { ClusterId, ServiceId, SiloPort, GatewayPort, AdvertisedIPAddress, MinimumReminderPeriod, Kubernetes }
            .Select(k => $"{OrleansSection}:{k}"),
        ServiceName,
        OtlpEndpoint,
        RunningInContainer,
        .. OptionPaths(MailrOptions.SectionName, typeof(MailrOptions)),
        .. OptionPaths(MailrApiOptions.SectionName, typeof(MailrApiOptions)),
        .. OptionPaths(RedisOptions.SectionName, typeof(RedisOptions)),
    ];

    /// <summary>Whether <paramref name="path"/> (e.g. <c>Mailr:Providers:0:Type</c>) is a key Mailr reads.</summary>
    public static bool IsKnown(string path)
    {
        var pattern = string.Join(':', path.Split(':').Select(part => part.All(char.IsAsciiDigit) ? "*" : part));
        return Known.Contains(pattern, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The settable properties of an options class, recursively, as the binder sees them.</summary>
    private static IEnumerable<string> OptionPaths(string prefix, Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
        {
            var path = $"{prefix}:{property.Name}";
            var target = property.PropertyType;
            if (target != typeof(string) && target.IsAssignableTo(typeof(IEnumerable)))
            {
                path += ":*";
                target = target.GetGenericArguments().Single();
            }

            var leaf = Nullable.GetUnderlyingType(target) ?? target;
            var paths = leaf.IsPrimitive || leaf.IsEnum || leaf == typeof(string) || leaf == typeof(TimeSpan) || leaf == typeof(decimal)
                ? [path]
                : OptionPaths(path, leaf);
            foreach (var p in paths)
            {
                yield return p;
            }
        }
    }
}
