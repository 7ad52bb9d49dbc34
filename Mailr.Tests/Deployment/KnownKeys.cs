using System.Collections;
using System.Reflection;
using Mailr.Api;
using Mailr.Grains.Options;
using Mailr.Silo.Configuration;
using Mailr.Silo.Redis;
using Microsoft.AspNetCore.Hosting;

namespace Mailr.Tests.Deployment;

/// <summary>Every configuration key Mailr reads, as paths with <c>*</c> for a list index: <see cref="ConfigurationKeys"/> and the options classes.</summary>
public static class KnownKeys
{
    public static IReadOnlyList<string> All { get; } =
    [
        WebHostDefaults.ServerUrlsKey,
        $"ConnectionStrings:{ConfigurationKeys.RedisConnectionName}",
        .. new[]
        {
            ConfigurationKeys.ClusterId, ConfigurationKeys.ServiceId, ConfigurationKeys.SiloPort, ConfigurationKeys.GatewayPort,
            ConfigurationKeys.AdvertisedIPAddress, ConfigurationKeys.MinimumReminderPeriod, ConfigurationKeys.Kubernetes,
        }.Select(k => $"{ConfigurationKeys.OrleansSection}:{k}"),
        ConfigurationKeys.ServiceName,
        ConfigurationKeys.OtlpEndpoint,
        ConfigurationKeys.RunningInContainer,
        .. OptionPaths(MailrOptions.SectionName, typeof(MailrOptions)),
        .. OptionPaths(MailrApiOptions.SectionName, typeof(MailrApiOptions)),
        .. OptionPaths(RedisOptions.SectionName, typeof(RedisOptions)),
    ];

    /// <summary>Whether <paramref name="path"/> (e.g. <c>Mailr:Providers:0:Type</c>) is a key Mailr reads.</summary>
    public static bool IsKnown(string path)
    {
        var pattern = string.Join(':', path.Split(':').Select(part => part.All(char.IsAsciiDigit) ? "*" : part));
        return All.Contains(pattern, StringComparer.OrdinalIgnoreCase);
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
