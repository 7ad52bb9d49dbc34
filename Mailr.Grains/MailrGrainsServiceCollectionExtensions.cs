using Mailr.Grains.Events;
using Mailr.Grains.Options;
using Mailr.Grains.ProviderHealth;
using Mailr.Grains.Providers;
using Mailr.Grains.Scheduling;
using Mailr.Grains.Storage;
using Mailr.Grains.Suppression;
using Mailr.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mailr.Grains;

public static class MailrGrainsServiceCollectionExtensions
{
    /// <summary>Binds the <c>Mailr</c> section, validates it at start-up and registers the providers, the clock, the message store, the suppression list and the due partitions' keeper.</summary>
    public static IServiceCollection AddMailrGrains(this IServiceCollection services)
    {
        services.AddOptions<MailrOptions>()
            .BindConfiguration(MailrOptions.SectionName)
            // The defaults go in after binding, not in the property initialiser: the binder appends to a list, so a configured
            // Mailr:Retry:Delays would otherwise be added after the six defaults instead of replacing them.
            .PostConfigure(o =>
            {
                if (o.Retry.Delays.Count == 0)
                {
                    o.Retry.Delays.AddRange(RetryOptions.DefaultDelays);
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MailrOptions>, MailrOptionsValidator>());

        services.AddHttpClient(ProviderRegistry.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(5),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        services.AddEmailProviderTypes();
        services.TryAddSingleton(sp => ProviderRegistry.FromServices(
            sp.GetRequiredService<IOptions<MailrOptions>>().Value, sp.GetServices<IEmailProviderType>(), sp));

        services.TryAddKeyedSingleton(GrainNames.Clock, TimeProvider.System);

        // The embedded defaults; Redis mode registers its own stores first.
        services.TryAddSingleton<IMessageStore, MemoryMessageStore>();
        services.TryAddSingleton<ISuppressionList, MemorySuppressionList>();
        services.TryAddSingleton<IProviderMessageIndex>(sp => new MemoryProviderMessageIndex(sp.GetRequiredKeyedService<TimeProvider>(GrainNames.Clock)));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, DuePartitionKeeper>();
        services.AddSingleton<LeaseRenewer>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<LeaseRenewer>());
        services.AddMetrics();
        services.AddProviderHealth();
        services.AddSingleton<DeliveryMetrics>();
        services.AddSingleton<IDeliveryObserver>(sp => sp.GetRequiredService<DeliveryMetrics>());
        return services;
    }
}
