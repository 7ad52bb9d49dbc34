using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Mailr.Grains.Options;

namespace Mailr.Api.Webhooks.Schemes;

/// <summary>
/// SendGrid's signed Event Webhook: ECDSA P-256 / SHA-256 over the timestamp header followed by the raw body, as
/// sendgrid-python's <c>helpers/eventwebhook</c> verifies it. <see cref="ProviderOptions.WebhookSecret"/> is the
/// verification key SendGrid shows (base64 of the DER SubjectPublicKeyInfo; a PEM block also works).
/// </summary>
internal sealed class SendGridWebhookScheme : IWebhookScheme
{
    public const string SignatureHeader = "X-Twilio-Email-Event-Webhook-Signature";
    public const string TimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp";

    // The parsed key per secret, not ECDsa objects: those are not documented thread-safe, so each request makes its own.
    private readonly ConcurrentDictionary<string, ECParameters?> _keys = new(StringComparer.Ordinal);

    public string ProviderType => "SendGrid";

    public Task<WebhookRead> ReadAsync(WebhookRequest request, ProviderOptions provider, CancellationToken cancellationToken) =>
        Task.FromResult(Verify(request, provider.WebhookSecret ?? "") ?? SendGridEvents.Read(request.Body, provider.DisplayName));

    private WebhookRead.Refused? Verify(WebhookRequest request, string secret)
    {
        if (Single(request.Headers, SignatureHeader) is not { } signatureText || Single(request.Headers, TimestampHeader) is not { } timestamp)
        {
            return new(401, $"The {SignatureHeader} and {TimestampHeader} headers are required.");
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return new(401, $"{TimestampHeader} is not a Unix time in seconds.");
        }

        if ((request.Now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > WebhookRequest.Tolerance)
        {
            return new(401, $"{TimestampHeader} is more than {WebhookRequest.Tolerance.TotalMinutes} minutes away from now.");
        }

        if (_keys.GetOrAdd(secret, ParseKey) is not { } key)
        {
            return new(401, "The configured WebhookSecret is not a SendGrid verification key (base64 DER of a P-256 public key).");
        }

        var signature = new byte[signatureText.Length];
        if (!Convert.TryFromBase64String(signatureText, signature, out var length))
        {
            return new(401, $"{SignatureHeader} is not base64.");
        }

        var signed = new byte[Encoding.UTF8.GetByteCount(timestamp) + request.Body.Length];
        var written = Encoding.UTF8.GetBytes(timestamp, signed);
        request.Body.Span.CopyTo(signed.AsSpan(written));
        return Verifies(key, signed, signature.AsSpan(0, length)) ? null : new(401, $"{SignatureHeader} does not match the body and timestamp.");
    }

    private static bool Verifies(ECParameters key, byte[] data, ReadOnlySpan<byte> signature)
    {
        try
        {
            using var ecdsa = ECDsa.Create(key);
            return ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static ECParameters? ParseKey(string secret)
    {
        try
        {
            using var ecdsa = ECDsa.Create();
            if (secret.Contains("-----BEGIN", StringComparison.Ordinal))
            {
                ecdsa.ImportFromPem(secret);
            }
            else
            {
                var der = Convert.FromBase64String(secret.Trim());
                ecdsa.ImportSubjectPublicKeyInfo(der, out var read);
                if (read != der.Length)
                {
                    return null;
                }
            }

            return ecdsa.KeySize == 256 ? ecdsa.ExportParameters(includePrivateParameters: false) : null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static string? Single(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var values) && values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
}
