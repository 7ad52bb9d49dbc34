using Mailr.Grains.Options;
using Microsoft.Extensions.DependencyInjection;

namespace Mailr.Grains.Providers.Postmark;

/// <summary>The <c>Postmark</c> type: needs <c>ApiKey</c> (the server token); <c>MessageStream</c> defaults to <c>outbound</c>.</summary>
internal sealed class PostmarkProviderType : IEmailProviderType
{
    public string Type => "Postmark";

    public IEnumerable<string> Validate(ProviderOptions options, string key)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            yield return $"{key}:ApiKey is required for Postmark (the server token).";
        }
    }

    public IEmailProvider Create(ProviderOptions options, IServiceProvider services) =>
        new PostmarkProvider(options, services.GetRequiredService<IHttpClientFactory>());
}
