using System.Net;
using System.Text;
using Mailr.Api.Webhooks;
using Mailr.Api.Webhooks.Schemes;
using Mailr.Grains.Events;
using Mailr.Grains.Options;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Mailr.Tests.Webhooks;

public sealed class AmazonSesWebhookSchemeTests : IDisposable
{
    private const string CertificateUrl = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem";
    private const string Topic = "arn:aws:sns:eu-west-1:123456789012:mailr-events";
    private const string SnsMessageId = "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324";
    private const string SesMessageId = "EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000";
    private const string MailrId = "01J8Z3Q4W5E6R7T8Y9U0I1O2P3";
    private const string SubscribeUrl = "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:eu-west-1:123456789012:mailr-events&Token=2336412f37";
    private static readonly DateTimeOffset Now = new(2026, 12, 8, 10, 0, 0, TimeSpan.Zero);

    // The "mail" object of AWS's examples ("Examples of event data that Amazon SES publishes to Amazon SNS"), with Mailr's tag.
    private const string Mail = $$$"""
        "mail":{"timestamp":"2017-08-05T00:40:02.012Z","source":"Sender Name <sender@example.com>","sourceArn":"arn:aws:ses:us-east-1:123456789012:identity/sender@example.com",
        "sendingAccountId":"123456789012","messageId":"{{{SesMessageId}}}","destination":["recipient@example.com","second@example.com"],"headersTruncated":false,
        "headers":[{"name":"From","value":"Sender Name <sender@example.com>"},{"name":"To","value":"recipient@example.com"}],
        "commonHeaders":{"from":["Sender Name <sender@example.com>"],"to":["recipient@example.com"],"messageId":"{{{SesMessageId}}}","subject":"Message sent from Amazon SES"},
        "tags":{"ses:configuration-set":["ConfigSet"],"ses:source-ip":["192.0.2.0"],"ses:from-domain":["example.com"],"ses:caller-identity":["ses_user"],"mailr_message_id":["{{{MailrId}}}"]}}
        """;

    private static readonly DateTimeOffset MailAt = DateTimeOffset.Parse("2017-08-05T00:40:02.012Z");

    // One RSA key for the whole class: making one takes a good part of a second.
    private static readonly SnsSigner Signer = new();

    private readonly SnsHandler _handler;
    private readonly ServiceProvider _services;
    private readonly AmazonSesWebhookScheme _scheme;

    public AmazonSesWebhookSchemeTests()
    {
        _handler = new SnsHandler(Signer.Pem);
        _services = Services(_handler);
        _scheme = new AmazonSesWebhookScheme(_services.GetRequiredService<IHttpClientFactory>());
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task ReadAsync_DeliveryNotificationV1_ReportsDelivered()
    {
        var read = await ReadAsync(Notification($$$"""
            {"eventType":"Delivery",{{{Mail}}},"delivery":{"timestamp":"2016-10-19T23:21:04.133Z","processingTimeMillis":11893,
            "recipients":["recipient@example.com"],"smtpResponse":"250 2.6.0 Message received","reportingMTA":"mta.example.com"}}
            """));

        Assert.Equal(
            [new DeliveryReport("ses-main", "Delivery", DeliveryEventKind.Delivered, "recipient@example.com", MailrId, SesMessageId,
                DateTimeOffset.Parse("2016-10-19T23:21:04.133Z"), $"{SnsMessageId}:recipient@example.com", "250 2.6.0 Message received")],
            Events(read));
        Assert.Equal([new Uri(CertificateUrl)], _handler.Requests);
    }

    [Fact]
    public async Task ReadAsync_BounceNotificationV2_ReportsEachBouncedRecipient()
    {
        var read = await ReadAsync(Notification($$$"""
            {"eventType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General","bouncedRecipients":[
            {"emailAddress":"recipient@example.com","action":"failed","status":"5.1.1","diagnosticCode":"smtp; 550 5.1.1 user unknown"},
            {"emailAddress":"second@example.com"}],
            "timestamp":"2017-08-05T00:41:02.669Z","feedbackId":"01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000","reportingMTA":"dsn; mta.example.com"},{{{Mail}}}}
            """, version: "2"));

        var at = DateTimeOffset.Parse("2017-08-05T00:41:02.669Z");
        Assert.Equal(
            [
                new DeliveryReport("ses-main", "Bounce", DeliveryEventKind.Bounced, "recipient@example.com", MailrId, SesMessageId, at,
                    $"{SnsMessageId}:recipient@example.com", "Permanent General: smtp; 550 5.1.1 user unknown"),
                new DeliveryReport("ses-main", "Bounce", DeliveryEventKind.Bounced, "second@example.com", MailrId, SesMessageId, at,
                    $"{SnsMessageId}:second@example.com", "Permanent General"),
            ],
            Events(read));
    }

    [Theory]
    [InlineData("Permanent", DeliveryEventKind.Bounced)]
    [InlineData("Transient", DeliveryEventKind.Deferred)]
    [InlineData("Undetermined", DeliveryEventKind.Deferred)]
    public async Task ReadAsync_BounceType_DecidesTheKind(string bounceType, DeliveryEventKind kind)
    {
        var read = await ReadAsync(Notification($$$"""
            {"eventType":"Bounce","bounce":{"bounceType":"{{{bounceType}}}","bounceSubType":"General","bouncedRecipients":[{"emailAddress":"recipient@example.com"}],
            "timestamp":"2017-08-05T00:41:02.669Z"},{{{Mail}}}}
            """));

        Assert.Equal(kind, Assert.Single(Events(read)).Kind);
    }

    [Theory]
    [InlineData("abuse", DeliveryEventKind.Complained)]
    [InlineData(null, DeliveryEventKind.Complained)]
    [InlineData("not-spam", null)]
    public async Task ReadAsync_Complaint_ReportsComplainedUnlessNotSpam(string? feedbackType, DeliveryEventKind? kind)
    {
        var feedback = feedbackType is null ? "" : $"\"complaintFeedbackType\":\"{feedbackType}\",";
        var read = await ReadAsync(Notification($$$"""
            {"eventType":"Complaint","complaint":{"complainedRecipients":[{"emailAddress":"recipient@example.com"}],"timestamp":"2017-08-05T00:41:02.669Z",
            "feedbackId":"01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000","userAgent":"Mozilla/5.0",{{{feedback}}}"arrivalDate":"2017-08-05T00:41:02.669Z"},{{{Mail}}}}
            """));

        Assert.Equal(
            [new DeliveryReport("ses-main", "Complaint", kind, "recipient@example.com", MailrId, SesMessageId, DateTimeOffset.Parse("2017-08-05T00:41:02.669Z"),
                $"{SnsMessageId}:recipient@example.com", feedbackType)],
            Events(read));
    }

    [Fact]
    public async Task ReadAsync_DeliveryDelay_ReportsDeferredWithTheDiagnostic()
    {
        var read = await ReadAsync(Notification($$$"""
            {"eventType":"DeliveryDelay",{{{Mail}}},"deliveryDelay":{"timestamp":"2020-06-16T00:25:40.095Z","delayType":"TransientCommunicationFailure",
            "expirationTime":"2020-06-16T00:25:40.914Z","delayedRecipients":[{"emailAddress":"recipient@example.com","status":"4.4.1",
            "diagnosticCode":"smtp; 421 4.4.1 Unable to connect to remote host"}]}}
            """));

        Assert.Equal(
            [new DeliveryReport("ses-main", "DeliveryDelay", DeliveryEventKind.Deferred, "recipient@example.com", MailrId, SesMessageId,
                DateTimeOffset.Parse("2020-06-16T00:25:40.095Z"), $"{SnsMessageId}:recipient@example.com",
                "TransientCommunicationFailure: smtp; 421 4.4.1 Unable to connect to remote host")],
            Events(read));
    }

    [Fact]
    public async Task ReadAsync_Send_ReportsTakenForEachDestination()
    {
        var read = await ReadAsync(Notification($$$"""{"eventType":"Send",{{{Mail}}},"send":{}}"""));

        Assert.Equal(
            [
                new DeliveryReport("ses-main", "Send", DeliveryEventKind.Taken, "recipient@example.com", MailrId, SesMessageId, MailAt, $"{SnsMessageId}:recipient@example.com"),
                new DeliveryReport("ses-main", "Send", DeliveryEventKind.Taken, "second@example.com", MailrId, SesMessageId, MailAt, $"{SnsMessageId}:second@example.com"),
            ],
            Events(read));
    }

    [Theory]
    [InlineData("Reject", "\"reject\":{\"reason\":\"Bad content\"}", "Bad content")]
    [InlineData("Rendering Failure", "\"failure\":{\"errorMessage\":\"Attribute 'attributeName' is not present in the rendering data.\",\"templateName\":\"MyTemplate\"}",
        "Attribute 'attributeName' is not present in the rendering data.")]
    [InlineData("Open", "\"open\":{\"ipAddress\":\"192.0.2.1\",\"timestamp\":\"2017-08-05T00:40:02.012Z\",\"userAgent\":\"Mozilla/5.0\"}", null)]
    [InlineData("Click", "\"click\":{\"ipAddress\":\"192.0.2.1\",\"link\":\"http://docs.aws.amazon.com/\",\"timestamp\":\"2017-08-05T00:40:02.012Z\"}", null)]
    [InlineData("Subscription", "\"subscription\":{\"contactList\":\"list\",\"timestamp\":\"2017-08-05T00:40:02.012Z\"}", null)]
    public async Task ReadAsync_UntrackedEvent_ReportsNullKindForEachDestination(string type, string section, string? detail)
    {
        var read = await ReadAsync(Notification($$$"""{"eventType":"{{{type}}}",{{{Mail}}},{{{section}}}}"""));

        Assert.Equal(
            [
                new DeliveryReport("ses-main", type, null, "recipient@example.com", MailrId, SesMessageId, MailAt, $"{SnsMessageId}:recipient@example.com", detail),
                new DeliveryReport("ses-main", type, null, "second@example.com", MailrId, SesMessageId, MailAt, $"{SnsMessageId}:second@example.com", detail),
            ],
            Events(read));
    }

    [Fact]
    public async Task ReadAsync_IdentityNotification_ReportsWithoutMailrId()
    {
        var read = await ReadAsync(Notification($$$"""
            {"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General",
            "bouncedRecipients":[{"emailAddress":"recipient@example.com","status":"5.1.1","action":"failed"}],"timestamp":"2016-01-27T14:59:38.237Z"},
            "mail":{"timestamp":"2016-01-27T14:59:38.237Z","source":"sender@example.com","messageId":"0000014644fe5ef6-9a483358-9170-4cb4-a269-f5dcdf415321-000000",
            "destination":["recipient@example.com"]}}
            """));

        Assert.Equal(
            [new DeliveryReport("ses-main", "Bounce", DeliveryEventKind.Bounced, "recipient@example.com", null, "0000014644fe5ef6-9a483358-9170-4cb4-a269-f5dcdf415321-000000",
                DateTimeOffset.Parse("2016-01-27T14:59:38.237Z"), $"{SnsMessageId}:recipient@example.com", "Permanent General")],
            Events(read));
    }

    [Theory]
    [InlineData("{\"mailr_id\":[\"old-id\"]}", "old-id")]
    [InlineData("{\"mailr_message_id\":\"plain\"}", "plain")]
    [InlineData("{\"mailr_message_id\":[7,\"second\"]}", "second")]
    [InlineData("{\"mailr_message_id\":{}}", null)]
    [InlineData("[]", null)]
    public async Task ReadAsync_Tags_GiveTheMailrId(string tags, string? mailrId)
    {
        var read = await ReadAsync(Notification($$$"""
            {"eventType":"Send","mail":{"timestamp":"2017-08-05T00:40:02.012Z","messageId":"m","destination":["recipient@example.com"],"tags":{{{tags}}}}}
            """));

        Assert.Equal(mailrId, Assert.Single(Events(read)).MessageId);
    }

    [Fact]
    public async Task ReadAsync_NoticeWithoutMail_AcknowledgesNothing()
    {
        var read = await ReadAsync(Notification("""{"notificationType":"AmazonSnsSubscriptionSucceeded","message":"You have successfully subscribed your Amazon SNS topic"}"""));

        Assert.Empty(Events(read));
    }

    [Fact]
    public async Task ReadAsync_SubscriptionConfirmation_FetchesSubscribeUrl()
    {
        var read = await ReadAsync(Confirmation("SubscriptionConfirmation", SubscribeUrl));

        Assert.IsType<WebhookRead.Handled>(read);
        Assert.Equal([new Uri(CertificateUrl), new Uri(SubscribeUrl)], _handler.Requests);
    }

    [Theory]
    [InlineData("https://evil.example.com/?Action=ConfirmSubscription&Token=1")]
    [InlineData("http://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=1")]
    [InlineData("https://sns.eu-west-1.amazonaws.com.evil.com/?Action=ConfirmSubscription")]
    [InlineData("https://sns.eu-west-1.amazonaws.com@evil.com/")]
    [InlineData("/?Action=ConfirmSubscription")]
    public async Task ReadAsync_SubscribeUrlOnAnotherHost_Refuses401AndFetchesNothing(string subscribeUrl)
    {
        var read = await ReadAsync(Confirmation("SubscriptionConfirmation", subscribeUrl));

        Assert.Equal(401, Assert.IsType<WebhookRead.Refused>(read).Status);
        Assert.Empty(_handler.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, 503)]
    [InlineData(HttpStatusCode.NotFound, 401)]
    public async Task ReadAsync_ConfirmationFails_RefusesWithoutHandling(HttpStatusCode answer, int status)
    {
        _handler.Respond = url => url.AbsoluteUri == CertificateUrl
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Signer.Pem) }
            : new HttpResponseMessage(answer);

        var read = await ReadAsync(Confirmation("SubscriptionConfirmation", SubscribeUrl));

        Assert.Equal(status, Assert.IsType<WebhookRead.Refused>(read).Status);
    }

    [Fact]
    public async Task ReadAsync_UnsubscribeConfirmation_HandledWithoutFetchingIt()
    {
        var read = await ReadAsync(Confirmation("UnsubscribeConfirmation", SubscribeUrl));

        Assert.IsType<WebhookRead.Handled>(read);
        Assert.Equal([new Uri(CertificateUrl)], _handler.Requests);
    }

    [Theory]
    [InlineData("http://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem")]
    [InlineData("https://sns.evil.com/SimpleNotificationService-abc.pem")]
    [InlineData("https://sns.us-east-1.amazonaws.com.evil.com/SimpleNotificationService-abc.pem")]
    [InlineData("https://evil.com/sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem")]
    [InlineData("https://sns.eu-west-1.amazonaws.com:8443/SimpleNotificationService-abc.pem")]
    [InlineData("https://user@sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem")]
    [InlineData("https://sns.eu-west-1.amazonaws.com.evil.com:443/x.pem")]
    [InlineData("https://sns.eu-west-1.amazonaws.com./SimpleNotificationService-abc.pem")]
    [InlineData("https://s3.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem")]
    [InlineData("https://sns.amazonaws.com/SimpleNotificationService-abc.pem")]
    [InlineData("https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.txt")]
    [InlineData("https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem?x=1")]
    [InlineData("file:///etc/sns.eu-west-1.amazonaws.com.pem")]
    [InlineData("SimpleNotificationService-abc.pem")]
    public async Task ReadAsync_CertificateUrlNotOnSns_Refuses401AndFetchesNothing(string certificateUrl)
    {
        var read = await ReadAsync(Notification($$$"""{"eventType":"Send",{{{Mail}}},"send":{}}""", certificateUrl: certificateUrl));

        Assert.Equal(401, Assert.IsType<WebhookRead.Refused>(read).Status);
        Assert.Empty(_handler.Requests);
    }

    [Fact]
    public async Task ReadAsync_TwoNotifications_FetchTheCertificateOnce()
    {
        var first = await ReadAsync(Notification($$$"""{"eventType":"Send",{{{Mail}}},"send":{}}"""));
        var second = await ReadAsync(Notification($$$"""{"eventType":"Send",{{{Mail}}},"send":{}}""", version: "2"));

        Assert.Equal(2, Events(first).Count);
        Assert.Equal(2, Events(second).Count);
        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task ReadAsync_SignedWithAnotherKey_Refuses401()
    {
        using var other = new SnsSigner();
        var body = other.Sign(Fields("Notification", $$$"""{"eventType":"Send",{{{Mail}}},"send":{}}"""), "1", CertificateUrl);

        var read = await ReadAsync(body);

        Assert.Equal(401, Assert.IsType<WebhookRead.Refused>(read).Status);
    }

    [Theory]
    [InlineData("Message")]
    [InlineData("MessageId")]
    [InlineData("Timestamp")]
    [InlineData("TopicArn")]
    [InlineData("Subject")]
    [InlineData("SignatureVersion")]
    public async Task ReadAsync_FieldAlteredAfterSigning_Refuses401(string field)
    {
        var fields = Fields("Notification", $$$"""{"eventType":"Send",{{{Mail}}},"send":{}}""");
        fields["Subject"] = "Amazon SES Email Event Notification";
        var signed = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(Signer.Sign(fields, "1", CertificateUrl))!;
        signed[field] = field == "SignatureVersion" ? "2" : field == "Message" ? signed[field].Replace("second@", "third@") : signed[field] + "x";

        var read = await ReadAsync(System.Text.Json.JsonSerializer.Serialize(signed), messageIdHeader: null);

        Assert.Equal(401, Assert.IsType<WebhookRead.Refused>(read).Status);
    }

    [Fact]
    public async Task ReadAsync_SubjectSigned_Verifies()
    {
        var fields = Fields("Notification", $$$"""{"eventType":"Send",{{{Mail}}},"send":{}}""");
        fields["Subject"] = "Amazon SES Email Event Notification";

        var read = await ReadAsync(Signer.Sign(fields, "2", CertificateUrl));

        Assert.Equal(2, Events(read).Count);
    }

    [Theory]
    [InlineData("Signature", "not base64!")]
    [InlineData("Signature", "AAAA")]
    [InlineData("Signature", "")]
    [InlineData("SignatureVersion", "3")]
    [InlineData("SignatureVersion", "")]
    public async Task ReadAsync_BadSignatureField_Refuses401(string field, string value)
    {
        var signed = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(
            Signer.Sign(Fields("Notification", $$$"""{"eventType":"Send",{{{Mail}}},"send":{}}"""), "1", CertificateUrl))!;
        signed[field] = value;

        var read = await ReadAsync(System.Text.Json.JsonSerializer.Serialize(signed));

        Assert.Equal(401, Assert.IsType<WebhookRead.Refused>(read).Status);
    }

    [Fact]
    public async Task ReadAsync_MessageIdHeaderDiffers_Refuses401()
    {
        var read = await ReadAsync(Notification($$$"""{"eventType":"Send",{{{Mail}}},"send":{}}"""), messageIdHeader: "another-id");

        Assert.Equal(401, Assert.IsType<WebhookRead.Refused>(read).Status);
    }

    [Fact]
    public async Task ReadAsync_NoMessageIdHeader_Verifies()
    {
        var read = await ReadAsync(Notification($$$"""{"eventType":"Send",{{{Mail}}},"send":{}}"""), messageIdHeader: null);

        Assert.Equal(2, Events(read).Count);
    }

    [Theory]
    [InlineData(Topic, true)]
    [InlineData("arn:aws:sns:eu-west-1:123456789012:other, " + Topic, true)]
    [InlineData("arn:aws:sns:eu-west-1:123456789012:other", false)]
    [InlineData("any value turns the webhook on", true)]
    public async Task ReadAsync_TopicArnAsSecret_AcceptsOnlyThatTopic(string secret, bool accepted)
    {
        var read = await ReadAsync(Notification($$$"""{"eventType":"Send",{{{Mail}}},"send":{}}"""), secret: secret);

        Assert.Equal(accepted, read is WebhookRead.Events);
        Assert.Equal(accepted ? 0 : 401, (read as WebhookRead.Refused)?.Status ?? 0);
    }

    [Fact]
    public async Task ReadAsync_ConfirmationFromAnotherTopic_NotConfirmed()
    {
        var read = await ReadAsync(Confirmation("SubscriptionConfirmation", SubscribeUrl), secret: "arn:aws:sns:eu-west-1:123456789012:other");

        Assert.Equal(401, Assert.IsType<WebhookRead.Refused>(read).Status);
        Assert.Empty(_handler.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"Type\":\"Notification\"")]
    [InlineData("{\"Type\":\"Notification\"}")]
    [InlineData("{\"Type\":\"Something\",\"Message\":\"m\"}")]
    [InlineData("{\"Type\":7}")]
    [InlineData("{\"Type\":\"Notification\",\"MessageId\":\"m\",\"Message\":{},\"Timestamp\":\"t\",\"TopicArn\":\"a\",\"SignatureVersion\":\"1\",\"Signature\":\"AAAA\",\"SigningCertURL\":\"" + CertificateUrl + "\"}")]
    [InlineData("{\"Type\":\"Notification\",\"MessageId\":\"\\ud800\",\"Message\":\"{}\",\"Timestamp\":\"t\",\"TopicArn\":\"a\",\"SignatureVersion\":\"1\",\"Signature\":\"AAAA\",\"SigningCertURL\":\"" + CertificateUrl + "\"}")]
    public async Task ReadAsync_NotAnSnsMessage_Refuses401(string body)
    {
        var read = await ReadAsync(body, messageIdHeader: null);

        Assert.Equal(401, Assert.IsType<WebhookRead.Refused>(read).Status);
    }

    [Fact]
    public async Task ReadAsync_ConfirmationWithoutToken_Refuses401()
    {
        var fields = Fields("SubscriptionConfirmation", "You have chosen to subscribe to the topic.");
        fields["SubscribeURL"] = SubscribeUrl;

        var read = await ReadAsync(Signer.Sign(fields, "1", CertificateUrl));

        Assert.Equal(401, Assert.IsType<WebhookRead.Refused>(read).Status);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("\"Delivery\"")]
    [InlineData("{}")]
    [InlineData("{\"eventType\":7}")]
    [InlineData("{\"eventType\":\"Delivery\"}")]
    [InlineData("{\"eventType\":\"Delivery\",\"mail\":[]}")]
    [InlineData("{\"eventType\":\"Delivery\",\"mail\":{\"timestamp\":\"2017-08-05T00:40:02.012Z\"}}")]
    [InlineData("{\"eventType\":\"Delivery\",\"mail\":{},\"delivery\":{\"recipients\":7}}")]
    [InlineData("{\"eventType\":\"Delivery\",\"mail\":{},\"delivery\":{\"recipients\":[7]}}")]
    [InlineData("{\"eventType\":\"Delivery\",\"mail\":{},\"delivery\":{\"recipients\":[\"\\ud800\"]}}")]
    [InlineData("{\"eventType\":\"Bounce\",\"mail\":{},\"bounce\":{\"bouncedRecipients\":[{\"status\":\"5.1.1\"}]}}")]
    [InlineData("{\"eventType\":\"Bounce\",\"mail\":{},\"bounce\":[]}")]
    [InlineData("{\"eventType\":\"Send\",\"mail\":{\"destination\":\"a@example.com\"}}")]
    [InlineData("{\"eventType\":\"Send\",\"mail\":{}}")]
    [InlineData("{\"eventType\":\"Open\",\"mail\":{\"destination\":{}}}")]
    public async Task ReadAsync_SignedButMalformedSesEvent_Refuses400(string message)
    {
        var read = await ReadAsync(Notification(message));

        Assert.Equal(400, Assert.IsType<WebhookRead.Refused>(read).Status);
    }

    [Fact]
    public async Task ReadAsync_NoTimestampAnywhere_UsesTheSnsTimestamp()
    {
        var read = await ReadAsync(Notification("""{"eventType":"Delivery","mail":{"timestamp":7},"delivery":{"recipients":["recipient@example.com"]}}"""));

        Assert.Equal(DateTimeOffset.Parse("2017-08-05T00:42:00.000Z"), Assert.Single(Events(read)).OccurredAt);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, 401)]
    [InlineData(HttpStatusCode.Forbidden, 401)]
    [InlineData(HttpStatusCode.MovedPermanently, 401)]
    [InlineData(HttpStatusCode.ServiceUnavailable, 503)]
    [InlineData(HttpStatusCode.TooManyRequests, 503)]
    public async Task ReadAsync_CertificateNotServed_Refuses(HttpStatusCode answer, int status)
    {
        _handler.Respond = _ => new HttpResponseMessage(answer);

        var read = await ReadAsync(Notification($$$"""{"eventType":"Send",{{{Mail}}},"send":{}}"""));

        Assert.Equal(status, Assert.IsType<WebhookRead.Refused>(read).Status);
    }

    [Fact]
    public async Task ReadAsync_SnsUnreachable_Refuses503AndFetchesAgainNextTime()
    {
        _handler.Respond = _ => throw new HttpRequestException("connection refused");

        var first = await ReadAsync(Notification($$$"""{"eventType":"Send",{{{Mail}}},"send":{}}"""));
        _handler.Respond = _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Signer.Pem) };
        var second = await ReadAsync(Notification($$$"""{"eventType":"Send",{{{Mail}}},"send":{}}"""));

        Assert.Equal(503, Assert.IsType<WebhookRead.Refused>(first).Status);
        Assert.Equal(2, Events(second).Count);
        Assert.Equal(2, _handler.Requests.Count);
    }

    [Theory]
    [InlineData("not a certificate")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")]
    [InlineData("ecdsa")]
    [InlineData("huge")]
    public async Task ReadAsync_CertificateUnusable_Refuses401(string content)
    {
        using var ecdsa = System.Security.Cryptography.ECDsa.Create();
        var ecdsaPem = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=sns", ecdsa, System.Security.Cryptography.HashAlgorithmName.SHA256)
            .CreateSelfSigned(Now.AddYears(-1), Now.AddYears(1)).ExportCertificatePem();
        content = content switch
        {
            "ecdsa" => ecdsaPem,
            "huge" => Signer.Pem + new string(' ', 70_000),
            _ => content,
        };
        _handler.Respond = _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(content) };

        var read = await ReadAsync(Notification($$$"""{"eventType":"Send",{{{Mail}}},"send":{}}"""));

        Assert.Equal(401, Assert.IsType<WebhookRead.Refused>(read).Status);
    }

    [Fact]
    public async Task ReadAsync_CertificateExpired_Refuses401()
    {
        using var expired = new SnsSigner(Now.AddYears(-2), Now.AddYears(-1));
        _handler.Respond = _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(expired.Pem) };

        var read = await ReadAsync(expired.Sign(Fields("Notification", $$$"""{"eventType":"Send",{{{Mail}}},"send":{}}"""), "2", CertificateUrl));

        Assert.Equal(401, Assert.IsType<WebhookRead.Refused>(read).Status);
    }

    [Fact]
    public async Task AddSnsHttpClient_NamedClient_HasShortTimeoutAndNoRedirects()
    {
        var services = new ServiceCollection();
        services.AddSnsHttpClient();
        await using var provider = services.BuildServiceProvider();

        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient(AmazonSesWebhookScheme.HttpClientName);
        var options = provider.GetRequiredService<IOptionsMonitor<Microsoft.Extensions.Http.HttpClientFactoryOptions>>().Get(AmazonSesWebhookScheme.HttpClientName);
        var builder = new TestHandlerBuilder(provider);
        foreach (var action in options.HttpMessageHandlerBuilderActions)
        {
            action(builder);
        }

        Assert.Equal(TimeSpan.FromSeconds(10), client.Timeout);
        Assert.False(Assert.IsType<SocketsHttpHandler>(builder.PrimaryHandler).AllowAutoRedirect);
    }

    private static ServiceProvider Services(HttpMessageHandler handler)
    {
        var services = new ServiceCollection();
        services.AddSnsHttpClient().ConfigurePrimaryHttpMessageHandler(() => handler);
        return services.BuildServiceProvider();
    }

    private static IReadOnlyList<DeliveryReport> Events(WebhookRead read) => Assert.IsType<WebhookRead.Events>(read).Reports;

    private static Dictionary<string, string> Fields(string type, string message) => new()
    {
        ["Type"] = type,
        ["MessageId"] = SnsMessageId,
        ["TopicArn"] = Topic,
        ["Message"] = message,
        ["Timestamp"] = "2017-08-05T00:42:00.000Z",
        ["UnsubscribeURL"] = "https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=" + Topic + ":c9135db0",
    };

    private string Notification(string message, string version = "1", string certificateUrl = CertificateUrl) =>
        Signer.Sign(Fields("Notification", message), version, certificateUrl);

    private string Confirmation(string type, string subscribeUrl)
    {
        var fields = Fields(type, "You have chosen to subscribe to the topic " + Topic + ".\nTo confirm the subscription, visit the SubscribeURL included in this message.");
        fields["SubscribeURL"] = subscribeUrl;
        fields["Token"] = "2336412f37";
        return Signer.Sign(fields, "2", CertificateUrl);
    }

    private Task<WebhookRead> ReadAsync(string body, string? messageIdHeader = SnsMessageId, string secret = "on")
    {
        var headers = new HeaderDictionary { ["x-amz-sns-message-type"] = "Notification" };
        if (messageIdHeader is not null)
        {
            headers[AmazonSesWebhookScheme.MessageIdHeader] = messageIdHeader;
        }

        var request = new WebhookRequest("POST", headers, "text/plain; charset=UTF-8", Encoding.UTF8.GetBytes(body), Now);
        return _scheme.ReadAsync(request, new ProviderOptions { Name = "ses-main", Type = "AmazonSes", WebhookSecret = secret }, CancellationToken.None);
    }

    private sealed class TestHandlerBuilder(IServiceProvider services) : Microsoft.Extensions.Http.HttpMessageHandlerBuilder
    {
        public override string? Name { get; set; } = AmazonSesWebhookScheme.HttpClientName;

        public override HttpMessageHandler PrimaryHandler { get; set; } = new HttpClientHandler();

        public override IList<DelegatingHandler> AdditionalHandlers { get; } = [];

        public override IServiceProvider Services => services;

        public override HttpMessageHandler Build() => PrimaryHandler;
    }
}
