namespace Mailr.Grains;

/// <summary>Names shared by the grains, the silo configuration and the tests.</summary>
public static class GrainNames
{
    /// <summary>The one reminder each due partition keeps: it re-activates the partition after a restart or a silo's death.</summary>
    public const string PartitionReminder = "due";

    /// <summary>The grain storage of the provider health grains (Redis in Redis mode, the silo's memory otherwise).</summary>
    public const string ProviderHealthStorage = "mailr-provider-health";

    /// <summary>The provider health grain's state: the last part of its Redis key.</summary>
    public const string ProviderHealthState = "provider-health";

    /// <summary>
    /// The DI key of the <see cref="TimeProvider"/> that Mailr's own decisions use. It is Orleans' grain clock key,
    /// which also drives grain timers, so one registration (a fake clock in tests) moves both.
    /// </summary>
    public const string Clock = TimeProviderNames.Grains;
}
