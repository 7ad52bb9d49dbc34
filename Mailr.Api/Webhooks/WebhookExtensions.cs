using Mailr.Api.Webhooks.Schemes;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mailr.Api.Webhooks;

internal static class WebhookExtensions
{
    /// <summary>The metrics and each provider type's webhook scheme.</summary>
    public static IServiceCollection AddMailrWebhooks(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<WebhookMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWebhookScheme, MailgunWebhookScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWebhookScheme, MandrillWebhookScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWebhookScheme, PostmarkWebhookScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWebhookScheme, ResendWebhookScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWebhookScheme, SendGridWebhookScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWebhookScheme, AmazonSesWebhookScheme>());
        services.AddSnsHttpClient();
        return services;
    }
}
