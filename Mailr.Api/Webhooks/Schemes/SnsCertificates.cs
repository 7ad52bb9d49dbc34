using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Mailr.Api.Webhooks.Schemes;

/// <summary>
/// Verifies SNS signatures with the signing certificates, fetched through the <c>mailr-sns</c> client and kept by URL.
/// The trust rests on fetching them over HTTPS from an SNS host only (<see cref="SnsUrls"/>), as the AWS SDKs do.
/// </summary>
internal sealed class SnsCertificates(IHttpClientFactory httpClientFactory)
{
    private const int MaxCached = 64;
    private const int MaxCertificateBytes = 64 * 1024;

    // Public keys, not RSA objects (not documented thread-safe): each verification makes its own.
    private readonly ConcurrentDictionary<string, Certificate> _cache = new(StringComparer.Ordinal);

    public async Task<WebhookRead.Refused?> VerifyAsync(SnsEnvelope envelope, Uri certificateUrl, DateTimeOffset now, CancellationToken cancellationToken)
    {
        HashAlgorithmName? hash = envelope.SignatureVersion switch
        {
            "1" => HashAlgorithmName.SHA1,
            "2" => HashAlgorithmName.SHA256,
            _ => null,
        };
        if (hash is null)
        {
            return new(401, "SignatureVersion is neither 1 nor 2.");
        }

        var signature = new byte[envelope.Signature.Length];
        if (!Convert.TryFromBase64String(envelope.Signature, signature, out var length))
        {
            return new(401, "Signature is not base64.");
        }

        var (certificate, refusal) = await CertificateAsync(certificateUrl, cancellationToken);
        if (certificate is null)
        {
            return refusal;
        }

        if (now < certificate.NotBefore || now > certificate.NotAfter)
        {
            return new(401, "The signing certificate is not valid now.");
        }

        return Verifies(certificate.Key, envelope.StringToSign(), signature.AsSpan(0, length), hash.Value)
            ? null
            : new(401, "The SNS signature does not match the message.");
    }

    private static bool Verifies(RSAParameters key, byte[] data, ReadOnlySpan<byte> signature, HashAlgorithmName hash)
    {
        try
        {
            using var rsa = RSA.Create(key);
            return rsa.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private async Task<(Certificate?, WebhookRead.Refused?)> CertificateAsync(Uri url, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(url.AbsoluteUri, out var cached))
        {
            return (cached, null);
        }

        var (bytes, refusal) = await SnsFetch.GetAsync(httpClientFactory, url, "the signing certificate", MaxCertificateBytes, cancellationToken);
        if (bytes is null)
        {
            return (null, refusal);
        }

        if (Parse(bytes) is not { } certificate)
        {
            return (null, new(401, "SigningCertURL does not hold an RSA X.509 certificate."));
        }

        if (_cache.Count >= MaxCached)
        {
            _cache.Clear();
        }

        _cache[url.AbsoluteUri] = certificate;
        return (certificate, null);
    }

    private static Certificate? Parse(byte[] bytes)
    {
        try
        {
            var text = Encoding.ASCII.GetString(bytes);
            using var x509 = text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(text)
                : X509CertificateLoader.LoadCertificate(bytes);
            using var rsa = x509.GetRSAPublicKey();
            return rsa is null ? null : new Certificate(rsa.ExportParameters(includePrivateParameters: false), x509.NotBefore, x509.NotAfter);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return null;
        }
    }

    private sealed record Certificate(RSAParameters Key, DateTimeOffset NotBefore, DateTimeOffset NotAfter);
}
