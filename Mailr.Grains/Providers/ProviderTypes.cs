using Mailr.Grains.Providers.AmazonSes;
using Mailr.Grains.Providers.Mailgun;
using Mailr.Grains.Providers.Mandrill;
using Mailr.Grains.Providers.Pickup;
using Mailr.Grains.Providers.Postmark;
using Mailr.Grains.Providers.Resend;
using Mailr.Grains.Providers.SendGrid;
using Mailr.Grains.Providers.Smtp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mailr.Grains.Providers;

/// <summary>Every provider type Mailr knows: one line each. A new type is a folder plus one line here.</summary>
internal static class ProviderTypes
{
    public static IServiceCollection AddEmailProviderTypes(this IServiceCollection services)
    {
        services.AddEmailProviderType<PickupProviderType>();
        services.AddEmailProviderType<MailgunProviderType>();
        services.AddEmailProviderType<MandrillProviderType>();
        services.AddEmailProviderType<SendGridProviderType>();
        services.AddEmailProviderType<PostmarkProviderType>();
        services.AddEmailProviderType<ResendProviderType>();
        services.AddEmailProviderType<AmazonSesProviderType>();
        services.AddEmailProviderType<SmtpProviderType>();
        return services;
    }

    public static IServiceCollection AddEmailProviderType<T>(this IServiceCollection services)
        where T : class, IEmailProviderType
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEmailProviderType, T>());
        return services;
    }
}
