using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mailr.Grains.Events;
using Mailr.Grains.Options;

namespace Mailr.Api.Webhooks.Schemes;

/// <summary>
/// Postmark's webhooks: unsigned, so the URL carries HTTP Basic credentials (<c>WebhookSecret</c> is <c>user:password</c>),
/// compared in constant time. One JSON event per request, its kind in <c>RecordType</c> and, for bounces, <c>Type</c>.
/// </summary>
internal sealed class PostmarkWebhookScheme : IWebhookScheme
{
    public string ProviderType => "Postmark";

    public Task<WebhookRead> ReadAsync(WebhookRequest request, ProviderOptions provider, CancellationToken cancellationToken) =>
        Task.FromResult(Read(request, provider));

    private static WebhookRead Read(WebhookRequest request, ProviderOptions provider)
    {
        if (provider.WebhookSecret.NonEmpty() is not { } secret)
        {
            return HmacSchemeChecks.NoSecret(provider);
        }

        if (!secret.Contains(':'))
        {
            return new WebhookRead.Refused(401, $"The WebhookSecret of provider '{provider.DisplayName}' is not user:password.");
        }

        if (BasicCredentials(HmacSchemeChecks.Header(request.Headers, "Authorization")) is not { } sent)
        {
            return new WebhookRead.Refused(401, "No Authorization: Basic credentials: put user:password from WebhookSecret in the webhook URL registered with Postmark.");
        }

        if (!SameCredentials(secret, sent))
        {
            return new WebhookRead.Refused(401, "The Basic credentials do not match WebhookSecret.");
        }

        using var document = HmacSchemeJson.Parse(request.Body);
        return document?.RootElement is { ValueKind: JsonValueKind.Object } root
            ? PostmarkEvent.Read(root, provider.DisplayName, request.Now)
            : new WebhookRead.Refused(400, "The body is not a JSON object (one Postmark event).");
    }

    private static string? BasicCredentials(string? authorization)
    {
        const string Scheme = "Basic ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var encoded = authorization[Scheme.Length..].Trim();
        var bytes = new byte[encoded.Length];
        return Convert.TryFromBase64String(encoded, bytes, out var length) ? Encoding.UTF8.GetString(bytes, 0, length) : null;
    }

    // Both parts are compared through their digests, so neither their content nor their length shows in the timing.
    private static bool SameCredentials(string expected, string sent)
    {
        var (expectedUser, expectedPassword) = Split(expected);
        var (sentUser, sentPassword) = Split(sent);
        return sent.Contains(':') & Same(expectedUser, sentUser) & Same(expectedPassword, sentPassword);
    }

    private static (string User, string Password) Split(string credentials)
    {
        var colon = credentials.IndexOf(':');
        return colon < 0 ? (credentials, "") : (credentials[..colon], credentials[(colon + 1)..]);
    }

    private static bool Same(string expected, string sent) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(sent)));
}
