using Mailr.Grains.Events;
using Mailr.Grains.Options;

namespace Mailr.Api.Webhooks;

/// <summary>
/// One provider type's webhook: how its requests are authenticated and what its events say. Registered once per
/// type; <c>POST /webhooks/{name}</c> finds the configured provider by name (404 when unknown or without a
/// <see cref="ProviderOptions.WebhookSecret"/>), reads at most 1 MiB of body, hands it here, and applies the
/// events it returns. A scheme never throws for anything a caller can send: it answers <see cref="WebhookRead.Refused"/>.
/// </summary>
internal interface IWebhookScheme
{
    /// <summary>The provider type it reads, as in <c>Mailr:Providers:N:Type</c>, e.g. <c>Mailgun</c>.</summary>
    string ProviderType { get; }

    /// <summary>
    /// Verifies <paramref name="request"/> with <paramref name="provider"/>'s secret and reads its events, one report per
    /// recipient, in the order they came (events Mailr does not track included, with a null kind).
    /// </summary>
    Task<WebhookRead> ReadAsync(WebhookRequest request, ProviderOptions provider, CancellationToken cancellationToken);
}

/// <summary>A webhook request as received, with its whole body (at most 1 MiB).</summary>
/// <param name="Method">The HTTP method (<c>POST</c>; Mandrill also checks the URL with <c>HEAD</c>).</param>
/// <param name="Headers">The request headers.</param>
/// <param name="ContentType">The <c>Content-Type</c>, if any.</param>
/// <param name="Body">The raw body bytes, exactly as received (signatures cover them).</param>
/// <param name="Now">The clock to check signed timestamps against (5 minutes either way).</param>
internal sealed record WebhookRequest(string Method, IHeaderDictionary Headers, string? ContentType, ReadOnlyMemory<byte> Body, DateTimeOffset Now)
{
    /// <summary>How far a signed timestamp may be from <see cref="Now"/>.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);
}

/// <summary>What a scheme made of a request.</summary>
internal abstract record WebhookRead
{
    private WebhookRead()
    {
    }

    /// <summary>Verified: apply these reports (possibly none), then answer 200.</summary>
    public sealed record Events(IReadOnlyList<DeliveryReport> Reports) : WebhookRead;

    /// <summary>
    /// Not applied: <paramref name="Status"/> is 401 (missing or wrong signature or credentials, stale timestamp), 400
    /// (signed correctly but malformed) or 503 (what verifying needs, an SNS certificate, could not be fetched: the provider
    /// sends it again), with a message that names what is wrong and never a secret.
    /// </summary>
    public sealed record Refused(int Status, string Message) : WebhookRead;

    /// <summary>Handled with no events (an SNS subscription confirmed, a Mandrill <c>HEAD</c> check): answer 200.</summary>
    public sealed record Handled(string Message) : WebhookRead;
}
