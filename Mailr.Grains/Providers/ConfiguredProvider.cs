namespace Mailr.Grains.Providers;

/// <summary>A provider in the failover list, with the time one call to it may take, its failover group (unset: its list index), its weight in that group and its configured type.</summary>
public sealed record ConfiguredProvider(IEmailProvider Provider, TimeSpan Timeout, int? Priority = null, int Weight = 1, string Type = "")
{
    public string Name => Provider.Name;
}
