namespace Mailr.Grains.Providers;

/// <summary>The one seam between a message grain and an email provider.</summary>
public interface IEmailProvider
{
    /// <summary>The configured name (logs, metrics; never shown to API callers).</summary>
    string Name { get; }

    /// <summary>
    /// Sends <paramref name="email"/> once and classifies the provider's answer. Implementations map
    /// the provider's responses; transport exceptions (timeouts, refused connections) may propagate:
    /// <see cref="ProviderCall"/> classifies those in one place.
    /// </summary>
    Task<ProviderResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken);
}
