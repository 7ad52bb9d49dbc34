namespace Mailr.Tests.Cluster;

/// <summary>The environment of the silo processes: Redis mode, one Mailgun provider (the stub).</summary>
public static class SiloEnvironment
{
    public static Dictionary<string, string> For(string redis, string stubBaseUrl)
    {
        var service = $"procs-{Guid.NewGuid():N}";
        return new()
        {
            ["ConnectionStrings__Redis"] = redis,
            ["Orleans__ClusterId"] = service,
            ["Orleans__ServiceId"] = service,
            ["Logging__LogLevel__Default"] = "Warning",
            // Test pacing: the backstop reminder and the first retries in seconds, not minutes.
            ["Orleans__MinimumReminderPeriod"] = "00:00:05",
            ["Mailr__Retry__Delays__0"] = "00:00:02",
            ["Mailr__Retry__Delays__1"] = "00:00:05",
            ["Mailr__Retry__Delays__2"] = "00:00:10",
            ["Mailr__Providers__0__Type"] = "Mailgun",
            ["Mailr__Providers__0__Name"] = "stub",
            ["Mailr__Providers__0__ApiKey"] = "key-stub",
            ["Mailr__Providers__0__Domain"] = "mg.example.com",
            ["Mailr__Providers__0__BaseUrl"] = stubBaseUrl,
            // The stub stalls sends on purpose; a timeout then would be an ambiguous outcome.
            ["Mailr__Providers__0__Timeout"] = "00:02:00",
        };
    }

    /// <summary>A copy with this process's own silo and gateway ports.</summary>
    public static Dictionary<string, string> WithPorts(IReadOnlyDictionary<string, string> environment) => new(environment)
    {
        ["Orleans__SiloPort"] = FreePort.Next().ToString(),
        ["Orleans__GatewayPort"] = FreePort.Next().ToString(),
    };
}
