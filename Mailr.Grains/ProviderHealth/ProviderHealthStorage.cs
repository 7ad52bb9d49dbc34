using Orleans.Serialization;
using Orleans.Storage;

namespace Mailr.Grains.ProviderHealth;

public static class ProviderHealthStorage
{
    /// <summary>
    /// Stores grain state in Orleans' own format: fields by their <c>[Id]</c>, no type or assembly names (Orleans'
    /// default JSON writes <c>$type</c>), so renaming the state type, its namespace or a property keeps what is stored.
    /// </summary>
    public static OptionsBuilder<TOptions> UseOrleansSerializer<TOptions>(this OptionsBuilder<TOptions> options)
        where TOptions : class, IStorageProviderSerializerOptions =>
        options.Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
}
