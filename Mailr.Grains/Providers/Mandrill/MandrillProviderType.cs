using Mailr.Grains.Options;
using Microsoft.Extensions.DependencyInjection;

namespace Mailr.Grains.Providers.Mandrill;

/// <summary>The <c>Mandrill</c> type: needs <c>ApiKey</c>.</summary>
internal sealed class MandrillProviderType : IEmailProviderType
{
    public string Type => "Mandrill";

    public IEnumerable<string> Validate(ProviderOptions options, string key)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            yield return $"{key}:ApiKey is required for Mandrill.";
        }
    }

    public IEmailProvider Create(ProviderOptions options, IServiceProvider services) =>
        new MandrillProvider(options, services.GetRequiredService<IHttpClientFactory>());
}
