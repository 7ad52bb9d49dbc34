namespace Mailr.Api.Webhooks.Schemes;

internal static class SnsHttpClientExtensions
{
    /// <summary>
    /// The <c>mailr-sns</c> client <see cref="AmazonSesWebhookScheme"/> fetches signing certificates and confirms
    /// subscriptions with: 10 s per call, no retries (SNS repeats the delivery), and no redirects, which could leave
    /// the SNS host that was checked.
    /// </summary>
    public static IHttpClientBuilder AddSnsHttpClient(this IServiceCollection services) =>
        services.AddHttpClient(AmazonSesWebhookScheme.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
}
