using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mailr.Api.Webhooks;
using Mailr.Api.Webhooks.Schemes;
using Mailr.Grains.Events;
using static Mailr.Tests.Webhooks.HmacWebhookFixtures;

namespace Mailr.Tests.Webhooks;

public sealed class ResendWebhookSchemeTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_composed_0001";
    private const long Now = 1_700_000_000;

    private static readonly ResendWebhookScheme s_scheme = new();

    private static string Sign(string id, long timestamp, byte[] body, string secret = Secret)
    {
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray();
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(secret["whsec_".Length..]), signed));
    }

    private static WebhookRequest Signed(string body, long timestamp = Now, long now = Now, string id = Id) =>
        Request(body, At(now), "application/json", ("svix-id", id), ("svix-timestamp", timestamp.ToString()), ("svix-signature", Sign(id, timestamp, Encoding.UTF8.GetBytes(body))));

    private static WebhookRequest FromVector(JsonElement vector, string? body = null, string? signature = null, long? now = null)
    {
        var headers = vector.GetProperty("headers");
        return Request(
            body ?? vector.Text("body"),
            At(now ?? long.Parse(headers.Text("svix-timestamp"))),
            "application/json",
            ("svix-id", headers.Text("svix-id")),
            ("svix-timestamp", headers.Text("svix-timestamp")),
            ("svix-signature", signature ?? headers.Text("svix-signature")));
    }

    [Fact]
    public async Task ReadAsync_SvixOfficialVector_PassesTheSignatureThenFindsNoResendEvent() =>
        Assert.Contains("type", await s_scheme.RefusedAsync(FromVector(Vector("svix-official")), Provider("Resend", Secret), 400));

    [Fact]
    public async Task ReadAsync_SvixOfficialInvalidSignature_Refuses401() =>
        await s_scheme.RefusedAsync(FromVector(Vector("svix-official"), signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLawdd"), Provider("Resend", Secret), 401);

    [Fact]
    public async Task ReadAsync_SvixOfficialVectorAtTheRealTime_Refuses401AsStale() =>
        Assert.Contains("old", await s_scheme.RefusedAsync(FromVector(Vector("svix-official"), now: 1_764_547_200), Provider("Resend", Secret), 401));

    [Theory]
    [InlineData(1_048_576, "v1,txpEUxqWZJ5nteTnymUVa+7C4NHpBeXJ6CsBAW0c3/A=")]
    [InlineData(262_144, "v1,Mw4Pe2WgApuT7NSqnSq0PQPV9gbLdggCl9B865x5Xh0=")]
    [InlineData(262_143, "v1,NTItnqyWMoFhk2Bbe5V/BMdcFRWgcSQaTgqLHX7FC7c=")]
    public async Task ReadAsync_SvixLargePayloadVectors_PassTheSignature(int length, string signature)
    {
        var vector = Vector("svix-official");
        Assert.Contains(signature, vector.GetProperty("large_payload_vectors").EnumerateArray().Select(v => v.Text("expected")));

        await s_scheme.RefusedAsync(FromVector(vector, body: new string('a', length), signature: signature), Provider("Resend", Secret), 400);
    }

    [Fact]
    public async Task ReadAsync_DeliveredVector_ReportsTheEventExactly()
    {
        var vector = Vector("resend-delivered");
        var expected = vector.GetProperty("expect_parsed");

        var report = Assert.Single(await s_scheme.EventsAsync(FromVector(vector), Provider("Resend", vector.Text("secret"))));

        Assert.Equal(
            new DeliveryReport(
                "resend-main",
                "email.delivered",
                DeliveryEventKind.Delivered,
                expected.Text("recipient"),
                expected.GetProperty("metadata").Text("mailr_message_id"),
                expected.Text("provider_message_id"),
                new DateTimeOffset(2023, 9, 28, 17, 19, 44, 823, TimeSpan.Zero),
                expected.Text("provider_event_id")),
            report);
    }

    [Fact]
    public async Task ReadAsync_BouncedVector_IsBouncedWithTheShortenedReason()
    {
        var vector = Vector("resend-bounced");

        var report = Assert.Single(await s_scheme.EventsAsync(FromVector(vector), Provider("Resend", vector.Text("secret"))));

        Assert.Equal(DeliveryEventKind.Bounced, report.Kind);
        Assert.Equal("bounced@resend.dev", report.Recipient);
        Assert.Null(report.MessageId);
        Assert.Equal("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", report.ProviderMessageId);
        Assert.Equal("msg_abcdefghijklmnopqrst12345", report.EventId);
        Assert.Equal(new DateTimeOffset(2023, 10, 2, 18, 11, 26, 101, TimeSpan.Zero), report.OccurredAt);
        Assert.Equal(200, report.Detail!.Length);
        Assert.StartsWith("The recipient's email provider sent a hard bounce message, but didn't specify the reason", report.Detail);
    }

    [Theory]
    [InlineData("resend-complained", DeliveryEventKind.Complained, "complained@resend.dev")]
    [InlineData("resend-delivery-delayed", DeliveryEventKind.Deferred, "delivered@resend.dev")]
    [InlineData("resend-bounced-suppressed", DeliveryEventKind.Bounced, "blocked@example.org")]
    public async Task ReadAsync_RealPayloads_MapToKind(string payload, DeliveryEventKind kind, string recipient)
    {
        var report = Assert.Single(await s_scheme.EventsAsync(Signed(Payload(payload)), Provider("Resend", Secret)));

        Assert.Equal(kind, report.Kind);
        Assert.Equal(recipient, report.Recipient);
        Assert.Equal(Id, report.EventId);
    }

    [Theory]
    [InlineData("email.sent", DeliveryEventKind.Taken)]
    [InlineData("email.delivered", DeliveryEventKind.Delivered)]
    [InlineData("email.delivery_delayed", DeliveryEventKind.Deferred)]
    [InlineData("email.bounced", DeliveryEventKind.Bounced)]
    [InlineData("email.complained", DeliveryEventKind.Complained)]
    [InlineData("email.failed", null)]
    [InlineData("email.suppressed", null)]
    [InlineData("email.opened", null)]
    [InlineData("email.clicked", null)]
    [InlineData("email.scheduled", null)]
    public async Task ReadAsync_EventType_MapsToKindForEveryAddress(string type, DeliveryEventKind? kind)
    {
        var body = $$$"""{"type":"{{{type}}}","created_at":"2023-11-14T22:13:20Z","data":{"email_id":"e1","to":["a@example.com","b@example.com"],"tags":[{"name":"x","value":"y"},{"name":"mailr_message_id","value":"{{{MailrId}}}"}]}}""";

        var reports = await s_scheme.EventsAsync(Signed(body), Provider("Resend", Secret));

        Assert.Equal(["a@example.com", "b@example.com"], reports.Select(r => r.Recipient));
        Assert.All(reports, r => Assert.Equal((type, kind, MailrId, "e1", At(Now)), (r.Event, r.Kind, r.MessageId, r.ProviderMessageId, r.OccurredAt)));
    }

    [Fact]
    public async Task ReadAsync_SecretWithoutPrefix_IsAccepted() =>
        Assert.Single(await s_scheme.EventsAsync(Signed(Payload("resend-complained")), Provider("Resend", Secret["whsec_".Length..])));

    [Fact]
    public async Task ReadAsync_UnbrandedHeaderNames_AreAccepted()
    {
        var body = Payload("resend-complained");
        var request = Request(body, At(Now), "application/json", ("webhook-id", Id), ("webhook-timestamp", Now.ToString()), ("webhook-signature", Sign(Id, Now, Encoding.UTF8.GetBytes(body))));

        Assert.Single(await s_scheme.EventsAsync(request, Provider("Resend", Secret)));
    }

    [Fact]
    public async Task ReadAsync_SeveralSignatures_AnyMatchingOnePasses()
    {
        var body = Payload("resend-complained");
        var good = Sign(Id, Now, Encoding.UTF8.GetBytes(body));
        var request = Request(body, At(Now), "application/json", ("svix-id", Id), ("svix-timestamp", Now.ToString()), ("svix-signature", $"v1,Zm9vYmFy v2,abc {good}  v1a,x"));

        Assert.Single(await s_scheme.EventsAsync(request, Provider("Resend", Secret)));
    }

    [Theory]
    [InlineData("v2,{0}")]
    [InlineData("{0}")]
    [InlineData("v1,{0}x")]
    [InlineData("v1 {0}")]
    [InlineData("v1,")]
    [InlineData(",")]
    public async Task ReadAsync_SignatureOfAnotherShape_Refuses401(string format)
    {
        var body = Payload("resend-complained");
        var good = Sign(Id, Now, Encoding.UTF8.GetBytes(body))["v1,".Length..];
        var request = Request(body, At(Now), "application/json", ("svix-id", Id), ("svix-timestamp", Now.ToString()), ("svix-signature", string.Format(format, good)));

        await s_scheme.RefusedAsync(request, Provider("Resend", Secret), 401);
    }

    [Theory]
    [InlineData("svix-id")]
    [InlineData("svix-timestamp")]
    [InlineData("svix-signature")]
    public async Task ReadAsync_MissingHeader_Refuses401(string missing)
    {
        var signed = Signed(Payload("resend-complained"));
        signed.Headers.Remove(missing);

        await s_scheme.RefusedAsync(signed, Provider("Resend", Secret), 401);
    }

    [Theory]
    [InlineData(-301, 401)]
    [InlineData(301, 401)]
    [InlineData(-300, 200)]
    [InlineData(300, 200)]
    public async Task ReadAsync_TimestampAwayFromNow_RefusedBeyondFiveMinutes(int offsetSeconds, int status)
    {
        var request = Signed(Payload("resend-complained"), timestamp: Now + offsetSeconds);

        if (status == 401)
        {
            Assert.Contains("svix-timestamp", await s_scheme.RefusedAsync(request, Provider("Resend", Secret), 401));
        }
        else
        {
            Assert.Single(await s_scheme.EventsAsync(request, Provider("Resend", Secret)));
        }
    }

    [Theory]
    [InlineData("1700000000.0")]
    [InlineData("01700000000")]
    [InlineData("99999999999999999999999")]
    [InlineData("soon")]
    public async Task ReadAsync_TimestampNotUnixSeconds_Refuses401(string timestamp)
    {
        var body = Payload("resend-complained");
        var signature = "v1," + Convert.ToBase64String(HMACSHA256.HashData(
            Convert.FromBase64String(Secret["whsec_".Length..]), Encoding.UTF8.GetBytes($"{Id}.{timestamp}.{body}")));
        var request = Request(body, At(Now), "application/json", ("svix-id", Id), ("svix-timestamp", timestamp), ("svix-signature", signature));

        await s_scheme.RefusedAsync(request, Provider("Resend", Secret), 401);
    }

    [Fact]
    public async Task ReadAsync_BodyChangedAfterSigning_Refuses401()
    {
        var signed = Signed(Payload("resend-complained"));
        var altered = Request(Payload("resend-complained").Replace("complained@", "someone@"), At(Now), "application/json", [.. signed.Headers.Select(h => (h.Key, h.Value.ToString()))]);

        await s_scheme.RefusedAsync(altered, Provider("Resend", Secret), 401);
    }

    [Fact]
    public async Task ReadAsync_IdChangedAfterSigning_Refuses401()
    {
        var signed = Signed(Payload("resend-complained"));
        signed.Headers["svix-id"] = "msg_other";

        await s_scheme.RefusedAsync(signed, Provider("Resend", Secret), 401);
    }

    [Theory]
    [InlineData("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("whsec_not base64 at all")]
    [InlineData("whsec_====")]
    public async Task ReadAsync_WrongOrInvalidSecret_Refuses401(string secret) =>
        await s_scheme.RefusedAsync(Signed(Payload("resend-complained")), Provider("Resend", secret), 401);

    [Fact]
    public async Task ReadAsync_NonAsciiId_Refuses401() =>
        await s_scheme.RefusedAsync(Signed(Payload("resend-complained"), id: "msg_\u00e9"), Provider("Resend", Secret), 401);

    [Fact]
    public async Task ReadAsync_SignedInvalidUtf8_Refuses401WithoutThrowing()
    {
        byte[] body = [0x7B, 0xC3, 0x28, 0x7D];
        var request = Request(body, At(Now), "application/json", ("svix-id", Id), ("svix-timestamp", Now.ToString()), ("svix-signature", Sign(Id, Now, body)));

        await s_scheme.RefusedAsync(request, Provider("Resend", Secret), 401);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"data":{"to":["a@example.com"]}}""")]
    [InlineData("""{"type":3,"data":{"to":["a@example.com"]}}""")]
    [InlineData("""{"type":"email.delivered","data":{"to":[]}}""")]
    [InlineData("""{"type":"email.bounced","data":{"to":[1,null,{}]}}""")]
    [InlineData("""{"type":"email.sent","data":"a@example.com"}""")]
    [InlineData("""{"type":"email.sent"}""")]
    public async Task ReadAsync_SignedButMalformed_Refuses400(string body) =>
        await s_scheme.RefusedAsync(Signed(body), Provider("Resend", Secret), 400);

    [Theory]
    [InlineData("""{"type":"domain.updated","data":{"id":"d1"}}""", 0)]
    [InlineData("""{"type":"contact.created","data":null}""", 0)]
    [InlineData("""{"type":"email.sent","created_at":"never","data":{"to":"a@example.com","tags":"x","email_id":5,"bounce":7}}""", 1)]
    [InlineData("""{"type":"email.sent","created_at":12,"data":{"to":["a@example.com"],"tags":{"mailr_message_id":[1]}}}""", 1)]
    public async Task ReadAsync_OddButHarmlessEvents_AreAcknowledged(string body, int count)
    {
        var reports = await s_scheme.EventsAsync(Signed(body), Provider("Resend", Secret));

        Assert.Equal(count, reports.Count);
        Assert.All(reports, r => Assert.Equal((At(Now), (string?)null), (r.OccurredAt, r.MessageId)));
    }

    [Fact]
    public async Task ReadAsync_EscapedLoneSurrogates_AreMalformedNotThrown() =>
        await s_scheme.RefusedAsync(Signed("""{"type":"email.sent","data":{"to":["\ud800"],"tags":{"mailr_message_id":"\udc00"}}}"""), Provider("Resend", Secret), 400);

    [Fact]
    public async Task ReadAsync_RandomEvents_NeverThrow()
    {
        var reads = new List<WebhookRead>();
        foreach (var body in RandomJson(500, false, "type", "created_at", "data", "to", "email_id", "tags", "name", "value", "mailr_message_id", "bounce", "message", "email.sent", "email.bounced"))
        {
            var read = await s_scheme.ReadAsync(Signed(body), Provider("Resend", Secret), CancellationToken.None);
            Assert.True(read is WebhookRead.Events or WebhookRead.Refused { Status: 400 }, $"{read} for {body}");
            reads.Add(read);
        }

        Assert.Contains(reads, r => r is WebhookRead.Events { Reports.Count: > 0 });
    }
}
