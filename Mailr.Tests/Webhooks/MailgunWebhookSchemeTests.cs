using System.Security.Cryptography;
using System.Text;
using Mailr.Api.Webhooks;
using Mailr.Api.Webhooks.Schemes;
using Mailr.Grains.Events;
using static Mailr.Tests.Webhooks.HmacWebhookFixtures;

namespace Mailr.Tests.Webhooks;

public sealed class MailgunWebhookSchemeTests
{
    private const string Key = "TEST_WEBHOOK_SIGNING_KEY";
    private const string Token = "651869375b9df3c98fc15c4889b102119add1235c38fc92824";
    private const long Now = 1_534_110_000;

    private static readonly MailgunWebhookScheme s_scheme = new();

    private static string Sign(string key, string timestamp, string token) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(timestamp + token)));

    private static string Body(string eventData, long timestamp = Now, string key = Key) =>
        $$"""{"signature":{"timestamp":"{{timestamp}}","token":"{{Token}}","signature":"{{Sign(key, timestamp.ToString(), Token)}}"},"event-data":{{eventData}}}""";

    private static Task<IReadOnlyList<DeliveryReport>> EventsAsync(string body, long now = Now) =>
        s_scheme.EventsAsync(Request(body, At(now)), Provider("Mailgun", Key));

    private static Task<string> RefusedAsync(string body, int status, long now = Now, string secret = Key) =>
        s_scheme.RefusedAsync(Request(body, At(now)), Provider("Mailgun", secret), status);

    [Fact]
    public async Task ReadAsync_OfficialGoodVector_Accepts()
    {
        var vector = Vector("mailgun-official-good");
        var body = $$$"""{"signature":{"timestamp":"{{{vector.Text("timestamp")}}}","token":"{{{vector.Text("token")}}}","signature":"{{{vector.Text("expected_signature")}}}"},"event-data":{"event":"delivered","recipient":"a@example.com"}}""";

        var reports = await s_scheme.EventsAsync(Request(body, At(long.Parse(vector.Text("timestamp")))), Provider("Mailgun", vector.Text("signing_key")));

        Assert.Equal(DeliveryEventKind.Delivered, Assert.Single(reports).Kind);
    }

    [Fact]
    public async Task ReadAsync_OfficialBadVector_Refuses401()
    {
        var vector = Vector("mailgun-official-bad");
        var body = $$$"""{"signature":{"timestamp":"{{{vector.Text("timestamp")}}}","token":"{{{vector.Text("token")}}}","signature":"{{{vector.Text("expected_signature")}}}"},"event-data":{"event":"delivered","recipient":"a@example.com"}}""";

        await s_scheme.RefusedAsync(Request(body, At(long.Parse(vector.Text("timestamp")))), Provider("Mailgun", vector.Text("signing_key")), 401);
    }

    [Fact]
    public async Task ReadAsync_DeliveredVector_ReportsTheEventExactly()
    {
        var vector = Vector("mailgun-json-delivered");
        var expected = vector.GetProperty("expect_parsed");

        var reports = await s_scheme.EventsAsync(Request(vector.Text("body"), At(1_534_108_637)), Provider("Mailgun", vector.Text("signing_key")));

        var report = Assert.Single(reports);
        Assert.Equal(
            new DeliveryReport(
                "mailgun-main",
                "delivered",
                DeliveryEventKind.Delivered,
                expected.Text("recipient"),
                expected.GetProperty("metadata").Text("mailr_message_id"),
                expected.Text("provider_message_id"),
                DateTimeOffset.FromUnixTimeMilliseconds(1_534_108_637_153).AddTicks(1_250),
                "hTWCTD81RtiDN-...",
                "250 OK"),
            report);
    }

    [Fact]
    public async Task ReadAsync_FailedPermanent_IsBouncedWithTheSmtpDiagnostic()
    {
        var report = Assert.Single(await EventsAsync(Body(Payload("mailgun-failed-permanent"))));

        Assert.Equal(
            new DeliveryReport(
                "mailgun-main",
                "failed",
                DeliveryEventKind.Bounced,
                "invalid@example.com",
                null,
                "20180812214658.1.0DF563D0B3597700@example.org",
                DateTimeOffset.FromUnixTimeMilliseconds(1_534_110_422_389).AddTicks(8_320),
                null,
                "550 5.1.1 The email account that you tried to reach does not exist. Please try 5.1.1 double-checking the recipient's email address for typos"),
            report);
    }

    [Fact]
    public async Task ReadAsync_FailedTemporary_IsDeferred()
    {
        var report = Assert.Single(await EventsAsync(Body(Payload("mailgun-failed-temporary"))));

        Assert.Equal(DeliveryEventKind.Deferred, report.Kind);
        Assert.Equal("undeliverable@nomx.example.com", report.Recipient);
        Assert.Equal("20180812214638.1.4A7D468E9BC18C5D@example.org", report.ProviderMessageId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_534_111_899_659).AddTicks(5_190), report.OccurredAt);
        Assert.Equal("498 No MX for nomx.example.com", report.Detail);
    }

    [Fact]
    public async Task ReadAsync_Complained_IsComplainedWithItsEventId()
    {
        var report = Assert.Single(await EventsAsync(Body(Payload("mailgun-complained"))));

        Assert.Equal(
            new DeliveryReport(
                "mailgun-main",
                "complained",
                DeliveryEventKind.Complained,
                "recipient@example.com",
                null,
                "20130718032413.263EE2E0926@example.org",
                DateTimeOffset.FromUnixTimeMilliseconds(1_377_214_260_049).AddTicks(6_340),
                "ncV2XwymRUKbPek_MIM-Gw"),
            report);
    }

    [Theory]
    [InlineData("accepted", null, DeliveryEventKind.Taken)]
    [InlineData("delivered", null, DeliveryEventKind.Delivered)]
    [InlineData("failed", "temporary", DeliveryEventKind.Deferred)]
    [InlineData("failed", "permanent", DeliveryEventKind.Bounced)]
    [InlineData("complained", null, DeliveryEventKind.Complained)]
    [InlineData("failed", "unheard-of", null)]
    [InlineData("rejected", null, null)]
    [InlineData("opened", null, null)]
    [InlineData("clicked", null, null)]
    [InlineData("unsubscribed", null, null)]
    [InlineData("stored", null, null)]
    public async Task ReadAsync_EventName_MapsToKind(string name, string? severity, DeliveryEventKind? kind)
    {
        var severityField = severity is null ? "" : $",\"severity\":\"{severity}\"";

        var report = Assert.Single(await EventsAsync(Body($$"""{"event":"{{name}}"{{severityField}},"recipient":"a@example.com","timestamp":1534109000}""")));

        Assert.Equal(kind, report.Kind);
        Assert.Equal(name, report.Event);
    }

    [Fact]
    public async Task ReadAsync_OpenedWithUserVariables_IsUntrackedAndKeepsTheIds()
    {
        var report = Assert.Single(await EventsAsync(Body(Payload("mailgun-opened"))));

        Assert.Null(report.Kind);
        Assert.Null(report.MessageId);
        Assert.Equal("20180812213139.1.BC6694A917BB7E6A@example.org", report.ProviderMessageId);
    }

    [Fact]
    public async Task ReadAsync_LegacyUserVariable_GivesTheMessageId()
    {
        var report = Assert.Single(await EventsAsync(Body("""{"event":"delivered","recipient":"a@example.com","user-variables":{"mailr-id":"legacy-1"}}""")));

        Assert.Equal("legacy-1", report.MessageId);
    }

    [Fact]
    public async Task ReadAsync_RejectedWithoutRecipient_UsesTheToHeader()
    {
        var report = Assert.Single(await EventsAsync(Body("""{"event":"rejected","message":{"headers":{"to":"b@example.com"}}}""")));

        Assert.Equal("b@example.com", report.Recipient);
    }

    [Fact]
    public async Task ReadAsync_UntrackedEventWithoutRecipient_IsAcknowledgedWithNoReport() =>
        Assert.Empty(await EventsAsync(Body("""{"event":"stored"}""")));

    [Fact]
    public async Task ReadAsync_WrongSecret_Refuses401() =>
        await RefusedAsync(Body(Payload("mailgun-complained")), 401, secret: "another-signing-key");

    [Fact]
    public async Task ReadAsync_TokenChangedAfterSigning_Refuses401() =>
        await RefusedAsync(Body(Payload("mailgun-complained")).Replace(Token, Token[..^1] + "5"), 401);

    [Fact]
    public async Task ReadAsync_TimestampChangedAfterSigning_Refuses401() =>
        await RefusedAsync(Body(Payload("mailgun-complained")).Replace($"\"{Now}\"", $"\"{Now + 1}\""), 401);

    [Theory]
    [InlineData("""{"event-data":{"event":"delivered","recipient":"a@example.com"}}""")]
    [InlineData("""{"signature":"abc","event-data":{}}""")]
    [InlineData("""{"signature":{"timestamp":"1534110000","token":"t"},"event-data":{}}""")]
    [InlineData("""{"signature":{"timestamp":true,"token":["t"],"signature":{}},"event-data":{}}""")]
    [InlineData("""{"signature":{"timestamp":"","token":"","signature":""}}""")]
    [InlineData("""{"signature":null}""")]
    public async Task ReadAsync_MissingOrMistypedSignature_Refuses401(string body) =>
        await RefusedAsync(body, 401);

    [Theory]
    [InlineData(-301, 401)]
    [InlineData(301, 401)]
    [InlineData(-300, 200)]
    [InlineData(300, 200)]
    public async Task ReadAsync_TimestampAwayFromNow_RefusedBeyondFiveMinutes(int offsetSeconds, int status)
    {
        var body = Body("""{"event":"delivered","recipient":"a@example.com"}""", Now + offsetSeconds);

        if (status == 401)
        {
            Assert.Contains("signature.timestamp", await RefusedAsync(body, 401));
        }
        else
        {
            Assert.Single(await EventsAsync(body));
        }
    }

    [Theory]
    [InlineData("99999999999999999999999999")]
    [InlineData("+1534110000")]
    [InlineData("01534110000")]
    [InlineData("1534110000.5")]
    [InlineData("-1")]
    public async Task ReadAsync_SignedTimestampNotPlainUnixSeconds_Refuses401(string timestamp)
    {
        var body = $$$"""{"signature":{"timestamp":"{{{timestamp}}}","token":"{{{Token}}}","signature":"{{{Sign(Key, timestamp, Token)}}}"},"event-data":{"event":"delivered","recipient":"a@example.com"}}""";

        await RefusedAsync(body, 401);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"signature\":")]
    [InlineData("[1,2,3]")]
    [InlineData("\"text\"")]
    [InlineData("timestamp=1&token=t&signature=s&event=delivered")]
    public async Task ReadAsync_BodyNotAJsonObject_Refuses400(string body) =>
        await RefusedAsync(body, 400);

    [Fact]
    public async Task ReadAsync_InvalidUtf8_Refuses400()
    {
        var bytes = Encoding.UTF8.GetBytes(Body("""{"event":"delivered","recipient":"a@example.com"}""")).Concat(new byte[] { 0xC3, 0x28 }).ToArray();

        await s_scheme.RefusedAsync(Request(bytes, At(Now)), Provider("Mailgun", Key), 400);
    }

    [Fact]
    public async Task ReadAsync_DeeplyNestedJson_Refuses400() =>
        await RefusedAsync("{\"a\":" + new string('[', 5000) + new string(']', 5000) + "}", 400);

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"delivered\"")]
    [InlineData("""{"recipient":"a@example.com"}""")]
    [InlineData("""{"event":42,"recipient":"a@example.com"}""")]
    [InlineData("""{"event":"delivered"}""")]
    [InlineData("""{"event":"delivered","recipient":["a@example.com"]}""")]
    public async Task ReadAsync_SignedButMalformedEventData_Refuses400(string eventData) =>
        await RefusedAsync(Body(eventData), 400);

    [Fact]
    public async Task ReadAsync_NoEventData_Refuses400() =>
        await RefusedAsync($$$"""{"signature":{"timestamp":"{{{Now}}}","token":"{{{Token}}}","signature":"{{{Sign(Key, Now.ToString(), Token)}}}"}}""", 400);

    [Theory]
    [InlineData("1e400")]
    [InlineData("-5")]
    [InlineData("\"soon\"")]
    [InlineData("{}")]
    [InlineData("99999999999999999999")]
    public async Task ReadAsync_EventTimeUnreadable_FallsBackToNow(string timestamp)
    {
        var report = Assert.Single(await EventsAsync(Body($$"""{"event":"delivered","recipient":"a@example.com","timestamp":{{timestamp}},"user-variables":"x","message":7,"delivery-status":[]}""")));

        Assert.Equal(At(Now), report.OccurredAt);
        Assert.Null(report.MessageId);
        Assert.Null(report.ProviderMessageId);
        Assert.Null(report.Detail);
    }

    [Fact]
    public async Task ReadAsync_LongDiagnostic_IsCutTo200Characters()
    {
        var report = Assert.Single(await EventsAsync(Body($$$"""{"event":"failed","severity":"permanent","recipient":"a@example.com","delivery-status":{"message":"{{{new string('x', 500)}}}"}}""")));

        Assert.Equal(200, report.Detail!.Length);
        Assert.EndsWith("…", report.Detail);
    }

    [Fact]
    public async Task ReadAsync_EscapedLoneSurrogates_AreMalformedNotThrown() =>
        await RefusedAsync(Body("""{"event":"delivered","recipient":"\ud800","user-variables":{"mailr_message_id":"\udc00"}}"""), 400);

    [Fact]
    public async Task ReadAsync_RandomEventData_NeverThrows()
    {
        var reads = new List<WebhookRead>();
        foreach (var eventData in RandomJson(500, false, "event", "severity", "recipient", "timestamp", "id", "user-variables", "mailr_message_id", "message", "headers", "to", "message-id", "delivery-status", "code", "description", "reason", "delivered", "failed", "opened"))
        {
            var read = await s_scheme.ReadAsync(Request(Body(eventData), At(Now)), Provider("Mailgun", Key), CancellationToken.None);
            Assert.True(read is WebhookRead.Events or WebhookRead.Refused { Status: 400 }, $"{read} for {eventData}");
            reads.Add(read);
        }

        Assert.Contains(reads, r => r is WebhookRead.Events { Reports.Count: > 0 });
    }
}
