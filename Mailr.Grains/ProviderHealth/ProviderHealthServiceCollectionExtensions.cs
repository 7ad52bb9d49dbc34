using System.Diagnostics.Metrics;
using Mailr.Grains.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mailr.Grains.ProviderHealth;

public static class ProviderHealthServiceCollectionExtensions
{
    /// <summary>The silo's view of the providers' circuits, its refresh loop and the settings' check (the silo registers the grains' storage).</summary>
    public static IServiceCollection AddProviderHealth(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Options.MailrOptions>, ProviderHealthOptionsValidator>());

        services.TryAddSingleton(sp =>
        {
            var grains = sp.GetRequiredService<IGrainFactory>();
            return new ProviderHealthView(name => grains.GetGrain<IProviderHealthGrain>(name),
                sp.GetRequiredService<ProviderRegistry>().Providers.Select(p => p.Name),
                sp.GetRequiredKeyedService<TimeProvider>(GrainNames.Clock),
                sp.GetRequiredService<IMeterFactory>(),
                sp.GetRequiredService<ILogger<ProviderHealthView>>(),
                sp.GetRequiredService<IOptions<Options.MailrOptions>>().Value.ProviderHealth.Enabled);
        });
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ProviderHealthRefresher>();
        return services;
    }
}
