using Mailr.Grains.Options;

namespace Mailr.Grains.Providers.Pickup;

// PLACEHOLDER: replaced by the real implementation.
public sealed class PickupDirectoryProvider(ProviderOptions options) : IEmailProvider
{
    public string Name => options.DisplayName;

    public Task<ProviderResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken) => throw new NotImplementedException();
}
