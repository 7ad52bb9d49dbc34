using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Mailr.Grains.Providers.AmazonSes;

/// <summary>
/// AWS Signature Version 4 (docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html):
/// canonical request → string to sign → HMAC chain over date, region, service. Written out here (about
/// 50 lines, checked against AWS's published example) rather than taking AWSSDK.Core, whose signer sits
/// in its <c>Internal</c> namespace and works on the SDK's own request objects (README, Providers).
/// </summary>
internal static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The <c>Authorization</c> header value for a request whose signed headers are <paramref name="headers"/> (lowercase names).</summary>
    public static string Authorization(
        string method, Uri uri, IReadOnlyDictionary<string, string> headers, byte[] payload,
        string accessKeyId, string secretAccessKey, string region, string service, DateTimeOffset signedAt)
    {
        var date = signedAt.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var scope = $"{date}/{region}/{service}/aws4_request";
        var signedHeaders = string.Join(';', headers.Keys.Select(k => k.ToLowerInvariant()).Order(StringComparer.Ordinal));
        var toSign = $"{Algorithm}\n{AmzDate(signedAt)}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalRequest(method, uri, headers, payload))))}";
        var key = Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), date), region), service), "aws4_request");
        return $"{Algorithm} Credential={accessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={Hex(Hmac(key, toSign))}";
    }

    /// <summary>The <c>X-Amz-Date</c> form of a time: <c>20150830T123600Z</c>.</summary>
    public static string AmzDate(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static string CanonicalRequest(string method, Uri uri, IReadOnlyDictionary<string, string> headers, byte[] payload)
    {
        var canonicalHeaders = headers
            .Select(h => (Name: h.Key.ToLowerInvariant(), Value: string.Join(' ', h.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))))
            .OrderBy(h => h.Name, StringComparer.Ordinal)
            .ToList();
        var query = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Contains('=') ? p : p + "=")
            .Order(StringComparer.Ordinal);
        return string.Join('\n',
            method,
            uri.AbsolutePath.Length == 0 ? "/" : uri.AbsolutePath,
            string.Join('&', query),
            string.Concat(canonicalHeaders.Select(h => $"{h.Name}:{h.Value}\n")),
            string.Join(';', canonicalHeaders.Select(h => h.Name)),
            Hex(SHA256.HashData(payload)));
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
