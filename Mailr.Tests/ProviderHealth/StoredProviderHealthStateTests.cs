using System.Text;
using Mailr.Grains.ProviderHealth;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace Mailr.Tests.ProviderHealth;

/// <summary>
/// A provider health grain's stored state is a contract across a rolling deploy, and across upgrades for a disable that
/// lasts: the bytes that the silo's storage serializer writes are pinned here, so a change to them is deliberate.
/// </summary>
public sealed class StoredProviderHealthStateTests
{
    // Orleans' own format: field 0 (a DateTimeOffset), no type names.
    private const string DisabledHex = "20E82080B04490434A50DF08810000000000000000E0E0";

    private static readonly DateTimeOffset Since = new(2026, 12, 2, 8, 0, 0, 123, TimeSpan.Zero);

    private readonly IGrainStorageSerializer _serializer = SiloSerializer();

    [Fact]
    public void Serialize_Disabled_WritesThePinnedBytes() =>
        Assert.Equal(DisabledHex, Convert.ToHexString(_serializer.Serialize(new ProviderHealthState { DisabledSince = Since })));

    [Fact]
    public void Deserialize_PinnedBytes_ReadsTheDisableWithItsOffset()
    {
        var state = _serializer.Deserialize<ProviderHealthState>(new BinaryData(Convert.FromHexString(DisabledHex)));

        Assert.Equal(Since, state?.DisabledSince);
        Assert.Equal(TimeSpan.Zero, state?.DisabledSince?.Offset);
    }

    [Fact]
    public void Serialize_Disabled_NoTypeOrAssemblyNames()
    {
        var text = Encoding.Latin1.GetString(_serializer.Serialize(new ProviderHealthState { DisabledSince = Since }));

        Assert.DoesNotContain("Mailr", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("ProviderHealthState", text, StringComparison.Ordinal);
        Assert.DoesNotContain("$type", text, StringComparison.Ordinal);
    }

    /// <summary>The serializer exactly as the silos configure their provider health storage.</summary>
    private static IGrainStorageSerializer SiloSerializer()
    {
        var services = new ServiceCollection().AddSerializer(s => s.AddAssembly(typeof(ProviderHealthState).Assembly));
        services.AddOptions<MemoryGrainStorageOptions>(GrainNames.ProviderHealthStorage).UseOrleansSerializer();
        return services.BuildServiceProvider().GetRequiredService<IOptionsMonitor<MemoryGrainStorageOptions>>().Get(GrainNames.ProviderHealthStorage).GrainStorageSerializer;
    }
}
