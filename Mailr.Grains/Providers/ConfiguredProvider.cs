namespace Mailr.Grains.Providers;

/// <summary>A provider in the failover list, with the time one call to it may take.</summary>
public sealed record ConfiguredProvider(IEmailProvider Provider, TimeSpan Timeout)
{
    public string Name => Provider.Name;
}
