using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Mailr.Tests.Webhooks;

/// <summary>
/// Signs SNS messages as SNS does (AWS SNS Developer Guide, "Verifying the signatures of Amazon SNS messages"),
/// with a self-signed RSA certificate standing in for SNS's.
/// </summary>
internal sealed class SnsSigner : IDisposable
{
    private static readonly string[] NotificationFields = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"];
    private static readonly string[] ConfirmationFields = ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];

    private readonly RSA _key = RSA.Create(2048);

    public SnsSigner(DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var request = new CertificateRequest("CN=sns.amazonaws.com", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(notBefore ?? new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), notAfter ?? new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Pem = certificate.ExportCertificatePem();
    }

    public string Pem { get; }

    /// <summary>The JSON body SNS posts: <paramref name="fields"/> plus SignatureVersion, Signature and SigningCertURL.</summary>
    public string Sign(IReadOnlyDictionary<string, string> fields, string version, string certificateUrl)
    {
        var names = fields["Type"] == "Notification" ? NotificationFields : ConfirmationFields;
        var text = string.Concat(names.Where(fields.ContainsKey).Select(name => $"{name}\n{fields[name]}\n"));
        var hash = version == "1" ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
        var signature = Convert.ToBase64String(_key.SignData(Encoding.UTF8.GetBytes(text), hash, RSASignaturePadding.Pkcs1));
        var body = new Dictionary<string, string>(fields)
        {
            ["SignatureVersion"] = version,
            ["Signature"] = signature,
            ["SigningCertURL"] = certificateUrl,
        };
        return JsonSerializer.Serialize(body);
    }

    public void Dispose() => _key.Dispose();
}
