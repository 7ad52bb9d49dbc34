using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mailr.Api.Webhooks;
using Mailr.Api.Webhooks.Schemes;
using Mailr.Grains.Events;
using Mailr.Grains.Options;
using Microsoft.AspNetCore.Http;

namespace Mailr.Tests.Webhooks;

public sealed class SendGridWebhookSchemeTests : IDisposable
{
    private const string Timestamp = "1461201000";
    private const string MailrId = "01J8Z3Q4W5E6R7T8Y9U0I1O2P3";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1461201000);

    // Real events from anymail's SendGrid tests and SendGrid's docs (sendgrid-webhooks.md), with Mailr's custom arg.
    private const string Batch = $$"""
        [{"email":"recipient@example.com","timestamp":1461095246,"mailr_message_id":"{{MailrId}}","smtp-id":"<wrfRRvF7Q0GgwUo2CvDmEA@ismtpd0006p1sjc2.sendgrid.net>","sg_event_id":"ZyjAM5rnQmuI1KFInHQ3Nw","sg_message_id":"wrfRRvF7Q0GgwUo2CvDmEA.filter0425p1mdw1.13037.57168B4A1D.0","event":"processed","category":["tag1","tag2"],"custom1":"value1","custom2":"value2"},
        {"ip":"167.89.17.173","response":"250 2.0.0 OK 1461095248 m143si2210036ioe.159 - gsmtp ","smtp-id":"<wrfRRvF7Q0GgwUo2CvDmEA@ismtpd0006p1sjc2.sendgrid.net>","sg_event_id":"nOSv8m0eTQ-vxvwNwt3fZQ","sg_message_id":"wrfRRvF7Q0GgwUo2CvDmEA.filter0425p1mdw1.13037.57168B4A1D.0","tls":1,"event":"delivered","email":"recipient@example.com","timestamp":1461095250,"mailr_message_id":"{{MailrId}}"},
        {"response":"Email was deferred due to the following reason(s): [IPs were throttled by recipient server]","smtp-id":"<wrfRRvF7Q0GgwUo2CvDmEA@ismtpd0006p1sjc2.sendgrid.net>","sg_event_id":"b_syL5UiTvWC_Ky5L6Bs5Q","sg_message_id":"u9Gvi3mzT6iC2poAb58_qQ.filter0465p1mdw1.8054.5718271B40.0","event":"deferred","email":"recipient@example.com","attempt":"1","timestamp":1461200990,"mailr_id":"legacy-id"},
        {"ip":"167.89.17.173","status":"5.1.1","smtp-id":"<wrfRRvF7Q0GgwUo2CvDmEA@ismtpd0006p1sjc2.sendgrid.net>","sg_event_id":"lC0Rc-FuQmKbnxCWxX1jRQ","reason":"550 5.1.1 The email account that you tried to reach does not exist.","sg_message_id":"Lli-03HcQ5-JLybO9fXsJg.filter0077p1las1.21536.5717FC482.0","tls":1,"event":"bounce","email":"noreply@example.com","timestamp":1461095250,"mailr_message_id":"{{MailrId}}","type":"bounce"},
        {"ip":"167.89.17.173","status":"4.7.1","sg_event_id":"bL0Ck-FuQmKbnxCWxX1jRQ","reason":"421 4.7.1 Rate limited","sg_message_id":"Lli-03HcQ5-JLybO9fXsJg.filter0077p1las1.21536.5717FC482.0","event":"bounce","email":"blocked@example.com","timestamp":1461095251,"type":"blocked"},
        {"email":"hello@world.com","event":"dropped","reason":"Bounced Address","sg_event_id":"ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA","sg_message_id":"LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0","smtp-id":"<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>","timestamp":1600112492},
        {"email":"example@test.com","timestamp":1513299569,"smtp-id":"<14c5d75ce93.dfd.64b469@ismtpd-555>","event":"spamreport","category":"cat facts","sg_event_id":"sg_event_id","sg_message_id":"sg_message_id"},
        {"email":"example@test.com","timestamp":1513299570,"event":"open","sg_event_id":"open_event_id","sg_message_id":"sg_message_id","useragent":"Mozilla/4.0"}]
        """;

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly SendGridWebhookScheme _scheme = new();

    private string Secret => Convert.ToBase64String(_key.ExportSubjectPublicKeyInfo());

    public void Dispose() => _key.Dispose();

    [Fact]
    public async Task ReadAsync_OfficialVector_ReportsTheDroppedEvent()
    {
        var vector = Vector("sendgrid-official");
        var body = vector.GetProperty("body").GetString()!;
        var headers = vector.GetProperty("headers");
        var timestamp = headers.GetProperty(SendGridWebhookScheme.TimestampHeader).GetString()!;

        var read = await ReadAsync(
            body, headers.GetProperty(SendGridWebhookScheme.SignatureHeader).GetString(), timestamp, vector.GetProperty("public_key").GetString()!,
            DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp)));

        Assert.EndsWith("\r\n", body);
        var report = Assert.Single(Assert.IsType<WebhookRead.Events>(read).Reports);
        Assert.Equal(
            new DeliveryReport(
                "sg-main", "dropped", DeliveryEventKind.Bounced, "hello@world.com", null,
                "LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0", DateTimeOffset.FromUnixTimeSeconds(1600112492),
                "ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA", "Bounced Address"),
            report);
    }

    [Theory]
    [InlineData("body")]
    [InlineData("timestamp")]
    [InlineData("signature")]
    [InlineData("key")]
    public async Task ReadAsync_OfficialVectorNegative_Refuses401(string change)
    {
        var vector = Vector("sendgrid-official");
        var headers = vector.GetProperty("headers");
        var timestamp = headers.GetProperty(SendGridWebhookScheme.TimestampHeader).GetString()!;
        var body = vector.GetProperty("body").GetString()!;
        var signature = headers.GetProperty(SendGridWebhookScheme.SignatureHeader).GetString()!;
        var key = vector.GetProperty("public_key").GetString()!;

        var read = await ReadAsync(
            change == "body" ? body.TrimEnd('\r', '\n') : body,
            change == "signature" ? "MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH3j/0=" : signature,
            change == "timestamp" ? "timestamp" : timestamp,
            change == "key" ? "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqTxd43gyp8IOEto2LdIfjRQrIbsd4SXZkLW6jDutdhXSJCWHw8REntlo7aNDthvj+y7GjUuFDb/R1NGe1OPzpA==" : key,
            DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp)));

        Assert.Equal(401, Assert.IsType<WebhookRead.Refused>(read).Status);
    }

    [Fact]
    public async Task ReadAsync_SignedBatch_ReportsEveryEventInOrder()
    {
        var read = await ReadSignedAsync(Batch + "\r\n");

        static DateTimeOffset At(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds);
        const string Processed = "wrfRRvF7Q0GgwUo2CvDmEA.filter0425p1mdw1.13037.57168B4A1D.0";
        const string Bounce = "Lli-03HcQ5-JLybO9fXsJg.filter0077p1las1.21536.5717FC482.0";
        DeliveryReport[] expected =
        [
            new("sg-main", "processed", DeliveryEventKind.Taken, "recipient@example.com", MailrId, Processed, At(1461095246), "ZyjAM5rnQmuI1KFInHQ3Nw"),
            new("sg-main", "delivered", DeliveryEventKind.Delivered, "recipient@example.com", MailrId, Processed, At(1461095250), "nOSv8m0eTQ-vxvwNwt3fZQ",
                "250 2.0.0 OK 1461095248 m143si2210036ioe.159 - gsmtp "),
            new("sg-main", "deferred", DeliveryEventKind.Deferred, "recipient@example.com", "legacy-id", "u9Gvi3mzT6iC2poAb58_qQ.filter0465p1mdw1.8054.5718271B40.0",
                At(1461200990), "b_syL5UiTvWC_Ky5L6Bs5Q", "Email was deferred due to the following reason(s): [IPs were throttled by recipient server]"),
            new("sg-main", "bounce", DeliveryEventKind.Bounced, "noreply@example.com", MailrId, Bounce, At(1461095250), "lC0Rc-FuQmKbnxCWxX1jRQ",
                "550 5.1.1 The email account that you tried to reach does not exist."),
            new("sg-main", "bounce", DeliveryEventKind.Deferred, "blocked@example.com", null, Bounce, At(1461095251), "bL0Ck-FuQmKbnxCWxX1jRQ", "421 4.7.1 Rate limited"),
            new("sg-main", "dropped", DeliveryEventKind.Bounced, "hello@world.com", null, "LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0",
                At(1600112492), "ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA", "Bounced Address"),
            new("sg-main", "spamreport", DeliveryEventKind.Complained, "example@test.com", null, "sg_message_id", At(1513299569), "sg_event_id"),
            new("sg-main", "open", null, "example@test.com", null, "sg_message_id", At(1513299570), "open_event_id"),
        ];
        Assert.Equal(expected, Assert.IsType<WebhookRead.Events>(read).Reports);
    }

    [Theory]
    [InlineData("click")]
    [InlineData("unsubscribe")]
    [InlineData("group_unsubscribe")]
    [InlineData("group_resubscribe")]
    [InlineData("a_future_event")]
    public async Task ReadAsync_UntrackedEvent_ReportsNullKind(string name)
    {
        var read = await ReadSignedAsync($$"""[{"email":"a@example.com","timestamp":1461095246,"event":"{{name}}","mailr_message_id":"m1"}]""");

        var report = Assert.Single(Assert.IsType<WebhookRead.Events>(read).Reports);
        Assert.Equal((name, (DeliveryEventKind?)null, "m1"), (report.Event, report.Kind, report.MessageId));
    }

    [Theory]
    [InlineData("Bounced Address", DeliveryEventKind.Bounced)]
    [InlineData("Invalid", DeliveryEventKind.Bounced)]
    [InlineData("Unsubscribed Address", DeliveryEventKind.Complained)]
    [InlineData("Spam Reporting Address", DeliveryEventKind.Complained)]
    [InlineData("Invalid SMTPAPI header", null)]
    [InlineData("Spam Content (if Spam Checker app is enabled)", null)]
    [InlineData("Recipient List over Package Quota", null)]
    public async Task ReadAsync_Dropped_KindFollowsTheReason(string reason, DeliveryEventKind? expected)
    {
        var read = await ReadSignedAsync($$"""[{"email":"a@example.com","timestamp":1461095246,"event":"dropped","reason":"{{reason}}","mailr_message_id":"m1"}]""");

        Assert.Equal(expected, Assert.Single(Assert.IsType<WebhookRead.Events>(read).Reports).Kind);
    }

    [Fact]
    public async Task ReadAsync_EmptyBatch_ReportsNothing()
    {
        var read = await ReadSignedAsync("[]");

        Assert.Empty(Assert.IsType<WebhookRead.Events>(read).Reports);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public async Task ReadAsync_TimestampMoreThanFiveMinutesAway_Refuses401(int offsetSeconds)
    {
        var timestamp = (Now.ToUnixTimeSeconds() + offsetSeconds).ToString();

        var read = await ReadAsync(Batch, Sign(timestamp, Batch), timestamp, Secret, Now);

        Assert.Equal(401, Assert.IsType<WebhookRead.Refused>(read).Status);
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    public async Task ReadAsync_TimestampWithinFiveMinutes_Verifies(int offsetSeconds)
    {
        var timestamp = (Now.ToUnixTimeSeconds() + offsetSeconds).ToString();

        var read = await ReadAsync(Batch, Sign(timestamp, Batch), timestamp, Secret, Now);

        Assert.Equal(8, Assert.IsType<WebhookRead.Events>(read).Reports.Count);
    }

    [Fact]
    public async Task ReadAsync_MissingSignature_Refuses401()
    {
        Assert.Equal(401, Assert.IsType<WebhookRead.Refused>(await ReadAsync(Batch, null, Timestamp, Secret, Now)).Status);
        Assert.Equal(401, Assert.IsType<WebhookRead.Refused>(await ReadAsync(Batch, Sign(Timestamp, Batch), null, Secret, Now)).Status);
        Assert.Equal(401, Assert.IsType<WebhookRead.Refused>(await ReadAsync(Batch, "", Timestamp, Secret, Now)).Status);
    }

    [Fact]
    public async Task ReadAsync_SignedByAnotherKey_Refuses401()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signature = Convert.ToBase64String(other.SignData(Encoding.UTF8.GetBytes(Timestamp + Batch), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

        var read = await ReadAsync(Batch, signature, Timestamp, Secret, Now);

        Assert.Equal(401, Assert.IsType<WebhookRead.Refused>(read).Status);
    }

    [Fact]
    public async Task ReadAsync_BodyAlteredAfterSigning_Refuses401()
    {
        var read = await ReadAsync(Batch.Replace("bounce", "delivered"), Sign(Timestamp, Batch), Timestamp, Secret, Now);

        Assert.Equal(401, Assert.IsType<WebhookRead.Refused>(read).Status);
    }

    [Fact]
    public async Task ReadAsync_TimestampAlteredAfterSigning_Refuses401()
    {
        var read = await ReadAsync(Batch, Sign(Timestamp, Batch), "1461201001", Secret, Now);

        Assert.Equal(401, Assert.IsType<WebhookRead.Refused>(read).Status);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    [InlineData("MEUCIQ==")]
    [InlineData("MAYCAQACAQA=")]
    public async Task ReadAsync_SignatureNotBase64Der_Refuses401(string signature)
    {
        var read = await ReadAsync(Batch, signature, Timestamp, Secret, Now);

        Assert.Equal(401, Assert.IsType<WebhookRead.Refused>(read).Status);
    }

    [Fact]
    public async Task ReadAsync_SignatureInIeeeP1363Format_Refuses401()
    {
        var signature = Convert.ToBase64String(_key.SignData(Encoding.UTF8.GetBytes(Timestamp + Batch), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

        var read = await ReadAsync(Batch, signature, Timestamp, Secret, Now);

        Assert.Equal(401, Assert.IsType<WebhookRead.Refused>(read).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    [InlineData("rsa")]
    [InlineData("p384")]
    public async Task ReadAsync_SecretNotAP256PublicKey_Refuses401(string secret)
    {
        using var rsa = RSA.Create(2048);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        secret = secret switch
        {
            "rsa" => Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo()),
            "p384" => Convert.ToBase64String(p384.ExportSubjectPublicKeyInfo()),
            _ => secret,
        };

        var read = await ReadAsync(Batch, Sign(Timestamp, Batch), Timestamp, secret, Now);

        var refused = Assert.IsType<WebhookRead.Refused>(read);
        Assert.Equal(401, refused.Status);
        Assert.Contains("WebhookSecret", refused.Message);
    }

    [Fact]
    public async Task ReadAsync_SecretAsPem_Verifies()
    {
        var read = await ReadAsync(Batch, Sign(Timestamp, Batch), Timestamp, _key.ExportSubjectPublicKeyInfoPem(), Now);

        Assert.IsType<WebhookRead.Events>(read);
    }

    [Fact]
    public async Task ReadAsync_TwoProvidersWithTheirOwnKeys_EachVerifiedWithItsOwn()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var otherSecret = Convert.ToBase64String(other.ExportSubjectPublicKeyInfo());
        var otherSignature = Convert.ToBase64String(other.SignData(Encoding.UTF8.GetBytes(Timestamp + Batch), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

        Assert.IsType<WebhookRead.Events>(await ReadAsync(Batch, Sign(Timestamp, Batch), Timestamp, Secret, Now));
        Assert.IsType<WebhookRead.Events>(await ReadAsync(Batch, otherSignature, Timestamp, otherSecret, Now));
        Assert.IsType<WebhookRead.Refused>(await ReadAsync(Batch, otherSignature, Timestamp, Secret, Now));
        Assert.IsType<WebhookRead.Refused>(await ReadAsync(Batch, Sign(Timestamp, Batch), Timestamp, otherSecret, Now));
    }

    [Theory]
    [InlineData("[{\"email\":\"a@example.com\"")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("{\"email\":\"a@example.com\",\"event\":\"delivered\",\"timestamp\":1}")]
    [InlineData("\"events\"")]
    [InlineData("null")]
    [InlineData("[1]")]
    [InlineData("[[]]")]
    [InlineData("[{\"event\":\"delivered\",\"timestamp\":1}]")]
    [InlineData("[{\"email\":\"a@example.com\",\"timestamp\":1}]")]
    [InlineData("[{\"email\":\"a@example.com\",\"event\":\"delivered\"}]")]
    [InlineData("[{\"email\":42,\"event\":\"delivered\",\"timestamp\":1}]")]
    [InlineData("[{\"email\":\"a@example.com\",\"event\":[\"delivered\"],\"timestamp\":1}]")]
    [InlineData("[{\"email\":\"a@example.com\",\"event\":\"delivered\",\"timestamp\":-1}]")]
    [InlineData("[{\"email\":\"a@example.com\",\"event\":\"delivered\",\"timestamp\":1e300}]")]
    [InlineData("[{\"email\":\"a@example.com\",\"event\":\"delivered\",\"timestamp\":\"soon\"}]")]
    [InlineData("[{\"email\":\"\\ud800\",\"event\":\"delivered\",\"timestamp\":1}]")]
    public async Task ReadAsync_SignedButMalformed_Refuses400(string body)
    {
        var read = await ReadSignedAsync(body);

        Assert.Equal(400, Assert.IsType<WebhookRead.Refused>(read).Status);
    }

    [Theory]
    [InlineData("\"timestamp\":1461095246,\"mailr_message_id\":7,\"sg_message_id\":{},\"sg_event_id\":[],\"reason\":true,\"type\":1", null, null)]
    [InlineData("\"timestamp\":\"1461095246\",\"mailr_message_id\":\"\",\"mailr_id\":\"old\"", "old", null)]
    [InlineData("\"timestamp\":1461095246.75,\"mailr_message_id\":\"\\ud800\",\"sg_message_id\":\"abc.filter\"", null, "abc.filter")]
    public async Task ReadAsync_OptionalFieldsOfOtherTypes_AreLeftOut(string fields, string? mailrId, string? providerId)
    {
        var read = await ReadSignedAsync($$"""[{"email":"a@example.com","event":"bounce",{{fields}}}]""");

        var report = Assert.Single(Assert.IsType<WebhookRead.Events>(read).Reports);
        Assert.Equal(
            new DeliveryReport("sg-main", "bounce", DeliveryEventKind.Bounced, "a@example.com", mailrId, providerId, DateTimeOffset.FromUnixTimeSeconds(1461095246)),
            report);
    }

    [Fact]
    public async Task ReadAsync_LongReason_DetailIsCut()
    {
        var read = await ReadSignedAsync($$"""[{"email":"a@example.com","timestamp":1,"event":"bounce","reason":"{{new string('x', 500)}}"}]""");

        Assert.Equal(new string('x', 200), Assert.Single(Assert.IsType<WebhookRead.Events>(read).Reports).Detail);
    }

    private static JsonElement Vector(string id)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Webhooks", "Fixtures", "webhook-vectors.json")));
        return document.RootElement.GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("id").GetString() == id).Clone();
    }

    private string Sign(string timestamp, string body) =>
        Convert.ToBase64String(_key.SignData(Encoding.UTF8.GetBytes(timestamp + body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    private Task<WebhookRead> ReadSignedAsync(string body) => ReadAsync(body, Sign(Timestamp, body), Timestamp, Secret, Now);

    private Task<WebhookRead> ReadAsync(string body, string? signature, string? timestamp, string secret, DateTimeOffset now)
    {
        var headers = new HeaderDictionary();
        if (signature is not null)
        {
            headers[SendGridWebhookScheme.SignatureHeader] = signature;
        }

        if (timestamp is not null)
        {
            headers[SendGridWebhookScheme.TimestampHeader] = timestamp;
        }

        var request = new WebhookRequest("POST", headers, "application/json", Encoding.UTF8.GetBytes(body), now);
        return _scheme.ReadAsync(request, new ProviderOptions { Name = "sg-main", Type = "SendGrid", WebhookSecret = secret }, CancellationToken.None);
    }
}
