using Mailr.Grains.Options;

namespace Mailr.Grains.Providers;

/// <summary>The providers in failover order, built once from <c>Mailr:Providers</c>; disposes the providers that hold resources.</summary>
public sealed class ProviderRegistry(IReadOnlyList<ConfiguredProvider> providers) : IAsyncDisposable, IDisposable
{
    /// <summary>The HttpClientFactory client every HTTP provider uses (no retry handler: failover belongs to the grain).</summary>
    public const string HttpClientName = "mailr-providers";

    public IReadOnlyList<ConfiguredProvider> Providers { get; } = providers;

    /// <summary>Builds each configured provider through its registered <see cref="IEmailProviderType"/>; no list means one Pickup provider.</summary>
    internal static ProviderRegistry FromServices(MailrOptions options, IEnumerable<IEmailProviderType> types, IServiceProvider services)
    {
        var byName = types.ToDictionary(t => t.Type, StringComparer.OrdinalIgnoreCase);
        IReadOnlyList<ProviderOptions> configured = options.Providers.Count > 0 ? options.Providers : [new ProviderOptions { Type = "Pickup" }];
        return new([.. configured.Select(o =>
        {
            var type = Find(byName, o.Type);
            var provider = type.Create(o, services);
            return new ConfiguredProvider(provider, o.Timeout, o.Priority, o.Weight, type.Type) { Reconcile = SourceOf(type.Type, provider, o), Webhook = !string.IsNullOrWhiteSpace(o.WebhookSecret) };
        })]);
    }

    /// <summary>The provider by its configured name, or null (the configuration changed since it was called).</summary>
    public ConfiguredProvider? Find(string name) => Providers.FirstOrDefault(p => p.Name == name);

    private static ReconcileSource SourceOf(string type, IEmailProvider provider, ProviderOptions options) => type switch
    {
        "Resend" => ReconcileSource.Repeat,
        _ when provider is IProviderLookup => ReconcileSource.LookUp,
        "SendGrid" or "AmazonSes" when !string.IsNullOrWhiteSpace(options.WebhookSecret) => ReconcileSource.Events,
        _ => ReconcileSource.None,
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in Providers.Select(p => p.Provider))
        {
            if (provider is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync();
            }
            else if (provider is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }

    /// <summary>For containers disposed synchronously: waits for asynchronous disposals.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static IEmailProviderType Find(Dictionary<string, IEmailProviderType> byName, string type) =>
        byName.TryGetValue(type, out var found)
            ? found
            : throw new InvalidOperationException($"Mailr:Providers: unknown Type '{type}' (known: {string.Join(", ", byName.Keys)})");
}
