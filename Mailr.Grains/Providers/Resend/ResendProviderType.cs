using Mailr.Grains.Options;
using Microsoft.Extensions.DependencyInjection;

namespace Mailr.Grains.Providers.Resend;

/// <summary>The <c>Resend</c> type: needs <c>ApiKey</c> (<c>re_…</c>).</summary>
internal sealed class ResendProviderType : IEmailProviderType
{
    public string Type => "Resend";

    public IEnumerable<string> Validate(ProviderOptions options, string key)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            yield return $"{key}:ApiKey is required for Resend.";
        }
    }

    public IEmailProvider Create(ProviderOptions options, IServiceProvider services) =>
        new ResendProvider(options, services.GetRequiredService<IHttpClientFactory>());
}
