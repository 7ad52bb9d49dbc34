using Mailr.Grains.Options;

namespace Mailr.Grains.Providers.Mandrill;

// PLACEHOLDER: replaced by the real implementation.
public sealed class MandrillProvider(ProviderOptions options, IHttpClientFactory httpClientFactory) : IEmailProvider
{
    public string Name => options.DisplayName + httpClientFactory.GetHashCode() * 0;

    public Task<ProviderResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken) => throw new NotImplementedException();
}
