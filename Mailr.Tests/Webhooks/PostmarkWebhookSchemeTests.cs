using System.Text;
using Mailr.Api.Webhooks;
using Mailr.Api.Webhooks.Schemes;
using Mailr.Grains.Events;
using static Mailr.Tests.Webhooks.HmacWebhookFixtures;

namespace Mailr.Tests.Webhooks;

public sealed class PostmarkWebhookSchemeTests
{
    private const string Secret = "testUser:testPassword";

    private static readonly DateTimeOffset s_now = At(1_700_000_000);
    private static readonly PostmarkWebhookScheme s_scheme = new();

    private static string Authorization => Vector("postmark-basic-auth").GetProperty("headers").Text("Authorization");

    private static WebhookRequest Authorized(string body, string? authorization = null) =>
        Request(body, s_now, "application/json", ("Authorization", authorization ?? Authorization));

    private static string Basic(string credentials) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));

    [Fact]
    public async Task ReadAsync_VectorCredentialsAndDelivery_ReportsDelivered()
    {
        var report = Assert.Single(await s_scheme.EventsAsync(Authorized(Payload("postmark-delivery")), Provider("Postmark", Secret)));

        Assert.Equal(
            new DeliveryReport(
                "postmark-main",
                "Delivery",
                DeliveryEventKind.Delivered,
                "recipient@example.com",
                null,
                "883953f4-6105-42a2-a16a-77a8eac79483",
                new DateTimeOffset(2014, 8, 1, 13, 28, 10, TimeSpan.FromHours(-4)).AddTicks(2_735_393),
                null,
                "Test delivery webhook details"),
            report);
    }

    [Fact]
    public async Task ReadAsync_DeliveryWithMailrMetadata_GivesTheMessageId()
    {
        var body = Payload("postmark-delivery").Replace("\"cohort\":\"2014-08-A\"", $"\"mailr_message_id\":\"{MailrId}\"");

        Assert.Equal(MailrId, Assert.Single(await s_scheme.EventsAsync(Authorized(body), Provider("Postmark", Secret))).MessageId);
    }

    [Fact]
    public async Task ReadAsync_HardBounce_IsBouncedWithItsBounceId()
    {
        var report = Assert.Single(await s_scheme.EventsAsync(Authorized(Payload("postmark-hard-bounce")), Provider("Postmark", Secret)));

        Assert.Equal(
            new DeliveryReport(
                "postmark-main",
                "Bounce/HardBounce",
                DeliveryEventKind.Bounced,
                "bounce@example.com",
                null,
                "2706ee8a-737c-4285-b032-ccd317af53ed",
                new DateTimeOffset(2016, 4, 27, 16, 28, 50, TimeSpan.FromHours(-4)).AddTicks(3_963_933),
                "901542550",
                "smtp;550 5.1.1 The email account that you tried to reach does not exist."),
            report);
    }

    [Fact]
    public async Task ReadAsync_SpamComplaint_IsComplained()
    {
        var report = Assert.Single(await s_scheme.EventsAsync(Authorized(Payload("postmark-spam-complaint")), Provider("Postmark", Secret)));

        Assert.Equal(DeliveryEventKind.Complained, report.Kind);
        Assert.Equal("spam@example.com", report.Recipient);
        Assert.Equal("SpamComplaint", report.Event);
        Assert.Equal("901542550", report.EventId);
        Assert.Equal(new DateTimeOffset(2016, 4, 27, 16, 28, 50, TimeSpan.FromHours(-4)).AddTicks(3_963_933), report.OccurredAt);
    }

    [Fact]
    public async Task ReadAsync_SubscriptionChange_IsUntracked()
    {
        var report = Assert.Single(await s_scheme.EventsAsync(Authorized(Payload("postmark-subscription-change")), Provider("Postmark", Secret)));

        Assert.Null(report.Kind);
        Assert.Equal("john@example.com", report.Recipient);
        Assert.Equal(new DateTimeOffset(2022, 6, 5, 17, 17, 32, TimeSpan.Zero), report.OccurredAt);
    }

    [Fact]
    public async Task ReadAsync_UnsubscribeBounceWithoutEmail_IsAcknowledgedWithNoReport() =>
        Assert.Empty(await s_scheme.EventsAsync(Authorized(Payload("postmark-unsubscribe-bounce")), Provider("Postmark", Secret)));

    [Theory]
    [InlineData("HardBounce", DeliveryEventKind.Bounced)]
    [InlineData("BadEmailAddress", DeliveryEventKind.Bounced)]
    [InlineData("SoftBounce", DeliveryEventKind.Deferred)]
    [InlineData("Transient", DeliveryEventKind.Deferred)]
    [InlineData("DnsError", DeliveryEventKind.Deferred)]
    [InlineData("SpamNotification", DeliveryEventKind.Complained)]
    [InlineData("SpamComplaint", DeliveryEventKind.Complained)]
    [InlineData("Blocked", null)]
    [InlineData("DMARCPolicy", null)]
    [InlineData("ManuallyDeactivated", null)]
    [InlineData("Unsubscribe", null)]
    [InlineData("AutoResponder", null)]
    [InlineData("Unconfirmed", null)]
    [InlineData("SomethingNew", null)]
    public async Task ReadAsync_BounceType_MapsToKind(string type, DeliveryEventKind? kind)
    {
        var body = $$"""{"RecordType":"Bounce","ID":1,"Type":"{{type}}","TypeCode":1,"Email":"a@example.com","BouncedAt":"2024-01-02T03:04:05Z"}""";

        var report = Assert.Single(await s_scheme.EventsAsync(Authorized(body), Provider("Postmark", Secret)));

        Assert.Equal(kind, report.Kind);
        Assert.Equal($"Bounce/{type}", report.Event);
    }

    [Theory]
    [InlineData("1", DeliveryEventKind.Bounced)]
    [InlineData("4096", DeliveryEventKind.Deferred)]
    [InlineData("100001", DeliveryEventKind.Complained)]
    [InlineData("16", null)]
    [InlineData("\"1\"", DeliveryEventKind.Bounced)]
    [InlineData("1e999", null)]
    public async Task ReadAsync_BounceWithoutType_FallsBackToTypeCode(string typeCode, DeliveryEventKind? kind)
    {
        var body = $$"""{"RecordType":"Bounce","TypeCode":{{typeCode}},"Email":"a@example.com"}""";

        Assert.Equal(kind, Assert.Single(await s_scheme.EventsAsync(Authorized(body), Provider("Postmark", Secret))).Kind);
    }

    [Theory]
    [InlineData("Open")]
    [InlineData("Click")]
    [InlineData("Inbound")]
    public async Task ReadAsync_EngagementRecords_AreUntracked(string recordType)
    {
        var body = $$"""{"RecordType":"{{recordType}}","Recipient":"a@example.com","MessageID":"m","ReceivedAt":"2024-01-02T03:04:05Z"}""";

        Assert.Null(Assert.Single(await s_scheme.EventsAsync(Authorized(body), Provider("Postmark", Secret))).Kind);
    }

    [Fact]
    public async Task ReadAsync_LowercaseScheme_IsAccepted() =>
        Assert.Single(await s_scheme.EventsAsync(Authorized(Payload("postmark-delivery"), Authorization.Replace("Basic", "basic")), Provider("Postmark", Secret)));

    [Theory]
    [InlineData("Basic dGVzdFVzZXI6d3Jvbmc=")]
    [InlineData("Bearer dGVzdFVzZXI6dGVzdFBhc3N3b3Jk")]
    [InlineData("dGVzdFVzZXI6dGVzdFBhc3N3b3Jk")]
    [InlineData("Basic not-base64!")]
    [InlineData("Basic ")]
    [InlineData("Basic //79")]
    public async Task ReadAsync_BadAuthorizationHeader_Refuses401(string header) =>
        await s_scheme.RefusedAsync(Authorized(Payload("postmark-delivery"), header), Provider("Postmark", Secret), 401);

    [Theory]
    [InlineData("testUser:wrong")]
    [InlineData("wrongUser:testPassword")]
    [InlineData("testUser:testPassword ")]
    [InlineData("testUser:testPassword:extra")]
    [InlineData(":testPassword")]
    [InlineData("testUser")]
    [InlineData("testUsertestPassword")]
    public async Task ReadAsync_WrongCredentials_Refuses401(string credentials) =>
        await s_scheme.RefusedAsync(Authorized(Payload("postmark-delivery"), Basic(credentials)), Provider("Postmark", Secret), 401);

    [Fact]
    public async Task ReadAsync_NoAuthorization_Refuses401() =>
        await s_scheme.RefusedAsync(Request(Payload("postmark-delivery"), s_now), Provider("Postmark", Secret), 401);

    [Fact]
    public async Task ReadAsync_SecretNotUserColonPassword_Refuses401() =>
        await s_scheme.RefusedAsync(Authorized(Payload("postmark-delivery"), Basic("justapassword:")), Provider("Postmark", "justapassword"), 401);

    [Fact]
    public async Task ReadAsync_MalformedBodyWithoutCredentials_Refuses401First() =>
        await s_scheme.RefusedAsync(Request("not json", s_now), Provider("Postmark", Secret), 401);

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[{\"RecordType\":\"Delivery\"}]")]
    [InlineData("{\"Recipient\":\"a@example.com\"}")]
    [InlineData("{\"RecordType\":7,\"Recipient\":\"a@example.com\"}")]
    [InlineData("{\"RecordType\":\"Delivery\",\"Recipient\":[\"a@example.com\"]}")]
    [InlineData("{\"RecordType\":\"SpamComplaint\"}")]
    public async Task ReadAsync_AuthorizedButMalformed_Refuses400(string body) =>
        await s_scheme.RefusedAsync(Authorized(body), Provider("Postmark", Secret), 400);

    [Fact]
    public async Task ReadAsync_UnreadableFields_FallBackWithoutThrowing()
    {
        const string Body = """{"RecordType":"Delivery","Recipient":"a@example.com","DeliveredAt":"last tuesday","Metadata":"x","MessageID":{},"ID":99999999999999999999999999999,"Details":12}""";

        var report = Assert.Single(await s_scheme.EventsAsync(Authorized(Body), Provider("Postmark", Secret)));

        Assert.Equal(s_now, report.OccurredAt);
        Assert.Null(report.MessageId);
        Assert.Null(report.ProviderMessageId);
        Assert.Equal("99999999999999999999999999999", report.EventId);
    }

    [Fact]
    public async Task ReadAsync_EscapedLoneSurrogates_AreMalformedNotThrown() =>
        await s_scheme.RefusedAsync(Authorized("""{"RecordType":"Delivery","Recipient":"\ud800","Metadata":{"mailr_message_id":"\udc00"}}"""), Provider("Postmark", Secret), 400);

    [Fact]
    public async Task ReadAsync_RandomEvents_NeverThrow()
    {
        var reads = new List<WebhookRead>();
        foreach (var body in RandomJson(500, false, "RecordType", "Type", "TypeCode", "Email", "Recipient", "MessageID", "ID", "Metadata", "mailr_message_id", "DeliveredAt", "BouncedAt", "Details", "Delivery", "Bounce", "HardBounce"))
        {
            var read = await s_scheme.ReadAsync(Authorized(body), Provider("Postmark", Secret), CancellationToken.None);
            Assert.True(read is WebhookRead.Events or WebhookRead.Refused { Status: 400 }, $"{read} for {body}");
            reads.Add(read);
        }

        Assert.Contains(reads, r => r is WebhookRead.Events { Reports.Count: > 0 });
    }
}
