using System.Net;
using Mailr.Api.Idempotency;
using Mailr.Api.RateLimits;
using Mailr.Grains;
using Mailr.Grains.ProviderHealth;
using Mailr.Grains.Storage;
using Mailr.Grains.Events;
using Mailr.Grains.Suppression;
using Mailr.Silo.Configuration;
using Mailr.Silo.Redis;
using Orleans.Configuration;
using Orleans.Persistence.Redis;
using StackExchange.Redis;

namespace Mailr.Silo;

public static class SiloHostingExtensions
{
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>How many grain locations each silo caches (Orleans' default is 1,000,000).</summary>
    public const int DirectoryCacheSize = 10_000;

    /// <summary>
    /// Hosts the Orleans silo. Without <c>ConnectionStrings:Redis</c>: localhost clustering, messages,
    /// reminders and provider disables in memory (one silo, nothing survives a restart). With it: clustering,
    /// messages (<see cref="RedisMessageStore"/>), the due partitions' reminders, the rate-limit counters, the suppression lists and
    /// the provider health grains' storage in Redis, so any number of silos form one cluster.
    /// </summary>
    public static WebApplicationBuilder AddMailrSilo(this WebApplicationBuilder builder)
    {
        var orleans = builder.Configuration.GetSection(ConfigurationKeys.OrleansSection);
        var clusterId = orleans[ConfigurationKeys.ClusterId] ?? "mailr";
        var serviceId = orleans[ConfigurationKeys.ServiceId] ?? "mailr";
        var siloPort = orleans.GetValue(ConfigurationKeys.SiloPort, 11111);
        var gatewayPort = orleans.GetValue(ConfigurationKeys.GatewayPort, 30000);
        var redis = builder.Configuration.GetConnectionString(ConfigurationKeys.RedisConnectionName);

        // ASPNETCORE_URLS, --urls or Urls win; the fixed default keeps the README's curl examples true.
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName).ValidateOnStart();

        // Mailr enforces its own body limit (Mailr:Limits:MaxBodyBytes) and answers 413 itself.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);

        if (!string.IsNullOrWhiteSpace(redis))
        {
            // Registered before the silo so that it runs, and can refuse, before anything is accepted.
            builder.Services.AddHostedService(sp => ActivatorUtilities.CreateInstance<RedisSettingsGuard>(sp, redis));
            builder.Services.AddSingleton(_ => RedisMessageStoreConnection.Connect(redis));
            builder.Services.AddSingleton<IMessageStore>(sp => new RedisMessageStore(sp.GetRequiredService<IConnectionMultiplexer>(), serviceId));

            // Redis refusing or dropping a write is an infrastructure failure (503, try again), not a bug (500).
            builder.Services.AddSingleton(new Mailr.Api.Http.InfrastructureFailureType(typeof(RedisException)));
            builder.Services.AddSingleton(new Mailr.Api.Http.InfrastructureFailureType(typeof(RedisStorageException)));
            builder.Services.AddSingleton<IIdempotencyStore>(sp => new RedisIdempotencyStore(sp.GetRequiredService<IConnectionMultiplexer>(), serviceId));
            builder.Services.AddSingleton<IRateLimitStore>(sp => new RedisRateLimitStore(sp.GetRequiredService<IConnectionMultiplexer>(), serviceId));
            builder.Services.AddSingleton<ISuppressionList>(sp => new RedisSuppressionList(sp.GetRequiredService<IConnectionMultiplexer>(), serviceId));
            builder.Services.AddSingleton<IProviderMessageIndex>(sp => new RedisProviderMessageIndex(sp.GetRequiredService<IConnectionMultiplexer>(), serviceId));
        }

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, serviceId));
            // Orleans caches the location of every grain it has seen, up to a million by default (~350 B each): with a
            // grain per message that is memory growing with every message sent. Finished messages are rarely looked up again.
            silo.Configure<GrainDirectoryOptions>(o => o.CacheSize = DirectoryCacheSize);
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = orleans.GetValue(ConfigurationKeys.MinimumReminderPeriod, TimeSpan.FromMinutes(1)));
            if (string.IsNullOrWhiteSpace(redis))
            {
                silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: serviceId, clusterId: clusterId);
                silo.UseInMemoryReminderService();
                silo.AddMemoryGrainStorage(GrainNames.ProviderHealthStorage, o => o.UseOrleansSerializer());
                return;
            }

            var advertised = AdvertisedAddress.Resolve(orleans[ConfigurationKeys.AdvertisedIPAddress],
                inContainer: builder.Configuration.GetValue<bool>(ConfigurationKeys.RunningInContainer));
            silo.ConfigureEndpoints(advertised, siloPort, gatewayPort, listenOnAnyHostAddress: !advertised.Equals(IPAddress.Loopback));
            silo.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
            silo.UseRedisReminderService(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));

            // An operator's disable outlives the silo that hosts the provider's health grain. It goes over the
            // stores' connection; ConfigurationOptions only satisfies the provider's validator.
            silo.AddRedisGrainStorage(GrainNames.ProviderHealthStorage, o => o.UseOrleansSerializer()
                .Configure<IConnectionMultiplexer>((storage, connection) =>
                {
                    storage.ConfigurationOptions = ConfigurationOptions.Parse(redis);
                    storage.CreateMultiplexer = _ => Task.FromResult((connection, IsShared: true));
                    storage.DeleteStateOnClear = true;
                }));
        });
        return builder;
    }
}
