using Mailr.Grains.Options;
using Microsoft.Extensions.DependencyInjection;

namespace Mailr.Grains.Providers.Mailgun;

/// <summary>The <c>Mailgun</c> type: needs <c>ApiKey</c> and <c>Domain</c>.</summary>
internal sealed class MailgunProviderType : IEmailProviderType
{
    public string Type => "Mailgun";

    public IEnumerable<string> Validate(ProviderOptions options, string key)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            yield return $"{key}:ApiKey is required for Mailgun.";
        }

        if (string.IsNullOrWhiteSpace(options.Domain))
        {
            yield return $"{key}:Domain is required for Mailgun.";
        }
    }

    public IEmailProvider Create(ProviderOptions options, IServiceProvider services) =>
        new MailgunProvider(options, services.GetRequiredService<IHttpClientFactory>());
}
