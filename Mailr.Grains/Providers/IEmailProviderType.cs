using Mailr.Grains.Options;

namespace Mailr.Grains.Providers;

/// <summary>One provider type's home: checks its options and builds its providers. Registered once in <see cref="ProviderTypes"/>.</summary>
internal interface IEmailProviderType
{
    /// <summary>As written in <c>Mailr:Providers:N:Type</c>, matched case-insensitively, e.g. <c>Smtp</c>.</summary>
    string Type { get; }

    /// <summary>The problems with <paramref name="options"/>, each naming the key, e.g. <c>Mailr:Providers:2:Host is required for Smtp.</c></summary>
    /// <param name="key">The entry's key, e.g. <c>Mailr:Providers:2</c>.</param>
    IEnumerable<string> Validate(ProviderOptions options, string key);

    /// <summary>Builds one provider from valid options; <paramref name="services"/> gives logging, HTTP clients and the clock.</summary>
    IEmailProvider Create(ProviderOptions options, IServiceProvider services);
}
