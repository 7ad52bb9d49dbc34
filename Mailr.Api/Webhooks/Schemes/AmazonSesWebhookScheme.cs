using Mailr.Grains.Options;

namespace Mailr.Api.Webhooks.Schemes;

/// <summary>
/// Amazon SES events delivered by an Amazon SNS HTTP(S) subscription, verified by SNS's signature (versions 1 and 2)
/// with the signing certificate fetched from SNS itself. <see cref="ProviderOptions.WebhookSecret"/> only turns the
/// route on, except when it is a topic ARN (<c>arn:aws:sns:…</c>, several separated by commas): then only those
/// topics are accepted, confirmations included. A <c>SubscriptionConfirmation</c> is confirmed by fetching its
/// <c>SubscribeURL</c>. SNS repeats a failed delivery with the same timestamp for hours, so no tolerance applies;
/// repeats are recognised by their event ids (SNS <c>MessageId</c> and recipient).
/// </summary>
internal sealed class AmazonSesWebhookScheme(IHttpClientFactory httpClientFactory) : IWebhookScheme
{
    /// <summary>The named client for SNS certificates and confirmations; see <see cref="SnsHttpClientExtensions"/>.</summary>
    public const string HttpClientName = "mailr-sns";

    public const string MessageIdHeader = "x-amz-sns-message-id";

    private readonly SnsCertificates _certificates = new(httpClientFactory);

    public string ProviderType => "AmazonSes";

    public async Task<WebhookRead> ReadAsync(WebhookRequest request, ProviderOptions provider, CancellationToken cancellationToken)
    {
        if (!SnsEnvelope.TryParse(request.Body, out var envelope, out var problem))
        {
            return new WebhookRead.Refused(401, problem);
        }

        if (request.Headers.TryGetValue(MessageIdHeader, out var header) && (header.Count != 1 || header[0] != envelope.MessageId))
        {
            return new WebhookRead.Refused(401, $"The {MessageIdHeader} header does not match the message's MessageId.");
        }

        if (TopicArns(provider.WebhookSecret) is { } topics && !topics.Contains(envelope.TopicArn, StringComparer.Ordinal))
        {
            return new WebhookRead.Refused(401, "The message comes from an SNS topic other than the configured one (WebhookSecret).");
        }

        if (SnsUrls.Trusted(envelope.SigningCertUrl, certificate: true) is not { } certificateUrl)
        {
            return new WebhookRead.Refused(401, "SigningCertURL is not an https://sns.<region>.amazonaws.com/….pem URL.");
        }

        var subscribeUrl = SnsUrls.Trusted(envelope.SubscribeUrl, certificate: false);
        if (envelope.Type == SnsEnvelope.SubscriptionConfirmation && subscribeUrl is null)
        {
            return new WebhookRead.Refused(401, "SubscribeURL is not an https://sns.<region>.amazonaws.com/ URL.");
        }

        if (await _certificates.VerifyAsync(envelope, certificateUrl, request.Now, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        return envelope.Type switch
        {
            SnsEnvelope.Notification => SesEvents.Read(envelope, provider.DisplayName),
            SnsEnvelope.SubscriptionConfirmation when subscribeUrl is not null => await ConfirmAsync(envelope, subscribeUrl, cancellationToken),
            _ => new WebhookRead.Handled($"Unsubscribed from {envelope.TopicArn}; nothing to do."),
        };
    }

    private async Task<WebhookRead> ConfirmAsync(SnsEnvelope envelope, Uri subscribeUrl, CancellationToken cancellationToken)
    {
        var (_, refusal) = await SnsFetch.GetAsync(httpClientFactory, subscribeUrl, "the subscription confirmation", 64 * 1024, cancellationToken);
        return (WebhookRead?)refusal ?? new WebhookRead.Handled($"Subscription to {envelope.TopicArn} confirmed.");
    }

    private static string[]? TopicArns(string? secret) =>
        secret is not null && secret.TrimStart().StartsWith("arn:", StringComparison.Ordinal) && secret.Contains(":sns:", StringComparison.Ordinal)
            ? secret.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : null;
}
