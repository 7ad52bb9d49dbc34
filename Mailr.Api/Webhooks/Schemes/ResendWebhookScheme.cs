using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mailr.Grains.Options;
using StandardWebhooks;

namespace Mailr.Api.Webhooks.Schemes;

/// <summary>
/// Resend's webhooks, sent through Svix: Standard Webhooks signatures under the <c>svix-*</c> header names (the
/// unbranded <c>webhook-*</c> names are read too). The signature is computed by the StandardWebhooks package; the
/// timestamp is checked here against the request's clock, since the package's own check reads the system clock.
/// </summary>
internal sealed class ResendWebhookScheme : IWebhookScheme
{
    private const string SecretPrefix = "whsec_";

    public string ProviderType => "Resend";

    public Task<WebhookRead> ReadAsync(WebhookRequest request, ProviderOptions provider, CancellationToken cancellationToken) =>
        Task.FromResult(Read(request, provider));

    private static WebhookRead Read(WebhookRequest request, ProviderOptions provider)
    {
        if (provider.WebhookSecret.NonEmpty() is not { } secret)
        {
            return HmacSchemeChecks.NoSecret(provider);
        }

        if (SigningKey(secret) is not { } key)
        {
            return new WebhookRead.Refused(401, $"The WebhookSecret of provider '{provider.DisplayName}' is not a signing secret (whsec_ followed by base64).");
        }

        if (Header(request, "id") is not { } id || !Ascii.IsValid(id)
            || Header(request, "timestamp") is not { } timestamp
            || Header(request, "signature") is not { } signatures)
        {
            return new WebhookRead.Refused(401, "The svix-id, svix-timestamp and svix-signature headers are required.");
        }

        if (HmacSchemeChecks.Staleness(timestamp, request.Now, "svix-timestamp", out var seconds) is { } stale)
        {
            return new WebhookRead.Refused(401, stale);
        }

        var expected = new StandardWebhook(key).Sign(id, DateTimeOffset.FromUnixTimeSeconds(seconds), Encoding.UTF8.GetString(request.Body.Span));
        if (!AnyMatches(signatures, expected))
        {
            return new WebhookRead.Refused(401, "No svix-signature entry matches: check WebhookSecret (the endpoint's signing secret in Resend).");
        }

        using var document = HmacSchemeJson.Parse(request.Body);
        return document?.RootElement is { ValueKind: JsonValueKind.Object } root
            ? ResendEvent.Read(root, id, provider.DisplayName, request.Now)
            : new WebhookRead.Refused(400, "The body is not a JSON object (one Resend event).");
    }

    private static byte[]? SigningKey(string secret)
    {
        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        var key = new byte[encoded.Length];
        return Convert.TryFromBase64String(encoded, key, out var length) && length > 0 ? key[..length] : null;
    }

    private static string? Header(WebhookRequest request, string name) =>
        HmacSchemeChecks.Header(request.Headers, "svix-" + name) ?? HmacSchemeChecks.Header(request.Headers, "webhook-" + name);

    // Space-separated "version,signature" entries; any one equal to ours ("v1,...") passes.
    private static bool AnyMatches(string signatures, string expected)
    {
        var ours = Encoding.ASCII.GetBytes(expected);
        var found = false;
        foreach (var entry in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            found |= CryptographicOperations.FixedTimeEquals(ours, Encoding.UTF8.GetBytes(entry));
        }

        return found;
    }
}
