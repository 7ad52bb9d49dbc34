using Mailr.Tests.Deployment;

namespace Mailr.Tests.Cluster;

/// <summary>
/// The environment of the silo processes: docker-compose.yml's silo environment, changed only
/// where one host and a test need it (addresses, ports, the provider stub, test pacing).
/// </summary>
public static class SiloEnvironment
{
    /// <summary>docker-compose.yml's Redis flags (persistence and eviction policy), without the program name.</summary>
    public static string[] RedisSettings() => [.. ComposeFile.Load().RedisCommand.Skip(1)];

    public static Dictionary<string, string> For(string redis, string stubBaseUrl)
    {
        var service = $"procs-{Guid.NewGuid():N}";
        var environment = ComposeFile.Load().SiloEnvironment
            .Where(e => !e.Key.StartsWith("Mailr__Providers__", StringComparison.Ordinal) && e.Key != "ASPNETCORE_URLS")
            .ToDictionary(e => e.Key, e => e.Value);
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["ConnectionStrings__Redis"] = redis,
            ["Orleans__ClusterId"] = service,
            ["Orleans__ServiceId"] = service,
            // Three processes on one host talk over loopback, not the host's network address.
            ["Orleans__AdvertisedIPAddress"] = "127.0.0.1",
            ["Logging__LogLevel__Default"] = "Warning",
            // Test pacing: the backstop reminder, the first retries and the look-ups of a lost answer in seconds, not minutes.
            ["Orleans__MinimumReminderPeriod"] = "00:00:05",
            ["Mailr__Retry__Delays__0"] = "00:00:02",
            ["Mailr__Retry__Delays__1"] = "00:00:05",
            ["Mailr__Retry__Delays__2"] = "00:00:10",
            ["Mailr__Reconcile__After"] = "00:00:01",
            ["Mailr__Reconcile__Within"] = "00:00:20",
            ["Mailr__Providers__0__Type"] = "Mailgun",
            ["Mailr__Providers__0__Name"] = "stub",
            ["Mailr__Providers__0__ApiKey"] = "key-stub",
            ["Mailr__Providers__0__Domain"] = "mg.example.com",
            ["Mailr__Providers__0__BaseUrl"] = stubBaseUrl,
            // The stub stalls sends on purpose; a timeout then would be an ambiguous outcome.
            ["Mailr__Providers__0__Timeout"] = "00:02:00",
        })
        {
            environment[key] = value;
        }

        return environment;
    }

    /// <summary>A copy with this process's own silo and gateway ports.</summary>
    public static Dictionary<string, string> WithPorts(IReadOnlyDictionary<string, string> environment) => new(environment)
    {
        ["Orleans__SiloPort"] = FreePort.Next().ToString(),
        ["Orleans__GatewayPort"] = FreePort.Next().ToString(),
    };
}
