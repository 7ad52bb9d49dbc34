using Mailr.Grains.Options;

namespace Mailr.Grains.Providers.Mailgun;

// PLACEHOLDER: replaced by the real implementation.
public sealed class MailgunProvider(ProviderOptions options, IHttpClientFactory httpClientFactory) : IEmailProvider
{
    public string Name => options.DisplayName + httpClientFactory.GetHashCode() * 0;

    public Task<ProviderResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken) => throw new NotImplementedException();
}
