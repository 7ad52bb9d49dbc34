using Mailr.Grains.Options;
using Microsoft.Extensions.DependencyInjection;

namespace Mailr.Grains.Providers.SendGrid;

/// <summary>The <c>SendGrid</c> type: needs <c>ApiKey</c>; with <c>ActivityApi</c> its providers can also be asked about a lost attempt.</summary>
internal sealed class SendGridProviderType : IEmailProviderType
{
    public string Type => "SendGrid";

    public IEnumerable<string> Validate(ProviderOptions options, string key)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            yield return $"{key}:ApiKey is required for SendGrid.";
        }
    }

    public IEmailProvider Create(ProviderOptions options, IServiceProvider services) => options.ActivityApi
        ? new SendGridActivityProvider(options, services.GetRequiredService<IHttpClientFactory>())
        : new SendGridProvider(options, services.GetRequiredService<IHttpClientFactory>());
}
