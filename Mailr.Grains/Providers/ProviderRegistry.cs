using Mailr.Grains.Options;
using Mailr.Grains.Providers.Mailgun;
using Mailr.Grains.Providers.Mandrill;
using Mailr.Grains.Providers.Pickup;

namespace Mailr.Grains.Providers;

/// <summary>The providers in failover order, built once from <c>Mailr:Providers</c>.</summary>
public sealed class ProviderRegistry(IReadOnlyList<ConfiguredProvider> providers)
{
    /// <summary>The HttpClientFactory client every HTTP provider uses (no retry handler: failover belongs to the grain).</summary>
    public const string HttpClientName = "mailr-providers";

    public IReadOnlyList<ConfiguredProvider> Providers { get; } = providers;

    public static ProviderRegistry FromOptions(MailrOptions options, IHttpClientFactory httpClientFactory)
    {
        IReadOnlyList<ProviderOptions> configured = options.Providers.Count > 0 ? options.Providers : [new ProviderOptions { Type = "Pickup" }];
        return new(configured.Select(o => new ConfiguredProvider(Create(o, httpClientFactory), o.Timeout)).ToList());
    }

    /// <summary>The provider types Mailr knows, as written in <c>Mailr:Providers:N:Type</c>.</summary>
    public static readonly IReadOnlyList<string> KnownTypes = ["Pickup", "Mailgun", "Mandrill"];

    private static IEmailProvider Create(ProviderOptions options, IHttpClientFactory httpClientFactory) => options.Type.ToLowerInvariant() switch
    {
        "pickup" => new PickupDirectoryProvider(options),
        "mailgun" => new MailgunProvider(options, httpClientFactory),
        "mandrill" => new MandrillProvider(options, httpClientFactory),
        _ => throw new InvalidOperationException($"Mailr:Providers: unknown Type '{options.Type}' (known: {string.Join(", ", KnownTypes)})"),
    };
}
