using System.Security.Cryptography;
using System.Text;
using Mailr.Api.Webhooks;
using Mailr.Api.Webhooks.Schemes;
using Mailr.Grains.Events;
using Microsoft.AspNetCore.Http;
using static Mailr.Tests.Webhooks.HmacWebhookFixtures;

namespace Mailr.Tests.Webhooks;

public sealed class MandrillWebhookSchemeTests
{
    private const string Key = "composed-webhook-key";
    private const string Url = "https://mailr.example.com/webhooks/mandrill-main?k=1";
    private const string Form = "application/x-www-form-urlencoded";

    private static readonly DateTimeOffset s_now = At(1_700_000_000);
    private static readonly MandrillWebhookScheme s_scheme = new();

    private static string Sign(string key, string url, string signedFields) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(url + signedFields)));

    private static string Encode(params (string Name, string Value)[] fields) =>
        string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Name) + "=" + Uri.EscapeDataString(f.Value)));

    private static WebhookRequest Signed(string events, string key = Key, string url = Url) =>
        Request(Encode(("mandrill_events", events)), s_now, Form, ("X-Mandrill-Signature", Sign(key, url, "mandrill_events" + events)));

    private static string WithMailrId(string mandrillEvent) =>
        mandrillEvent.Replace("\"metadata\":{\"custom1\":\"value1\",\"custom2\":\"value2\"}", $"\"metadata\":{{\"mailr_message_id\":\"{MailrId}\"}}");

    [Fact]
    public async Task ReadAsync_RequestbinVector_ReportsTheBatchInOrder()
    {
        var vector = Vector("mandrill-requestbin-sample");
        var events = vector.GetProperty("form").Text("mandrill_events");
        var provider = Provider("Mandrill", vector.Text("webhook_key"), vector.Text("url"));
        var request = Request(Encode(("mandrill_events", events)), s_now, Form, ("X-Mandrill-Signature", vector.Text("expected_signature")));

        var reports = await s_scheme.EventsAsync(request, provider);

        var expected = vector.GetProperty("expect_parsed");
        Assert.Equal(["send", "hard_bounce", "open"], reports.Select(r => r.Event));
        Assert.Equal([DeliveryEventKind.Taken, DeliveryEventKind.Bounced, null], reports.Select(r => r.Kind));
        Assert.Equal(
            new DeliveryReport(
                "mandrill-main",
                "send",
                DeliveryEventKind.Taken,
                expected[0].Text("recipient"),
                null,
                expected[0].Text("provider_message_id"),
                At(1_432_328_547),
                "exampleaaaaaaaaaaaaaaaaaaaaaaaaa:send:1432328547"),
            reports[0]);
        Assert.Equal("exampleaaaaaaaaaaaaaaaaaaaaaaaaa1", reports[1].ProviderMessageId);
        Assert.Equal(
            "smtp;550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces.",
            reports[1].Detail);
    }

    [Fact]
    public async Task ReadAsync_RequestbinVectorAtAnotherUrl_Refuses401()
    {
        var vector = Vector("mandrill-requestbin-sample");
        var events = vector.GetProperty("form").Text("mandrill_events");
        var provider = Provider("Mandrill", vector.Text("webhook_key"), vector.GetProperty("negative").Text("url"));
        var request = Request(Encode(("mandrill_events", events)), s_now, Form, ("X-Mandrill-Signature", vector.Text("expected_signature")));

        Assert.Contains("WebhookUrl", await s_scheme.RefusedAsync(request, provider, 401));
    }

    [Fact]
    public async Task ReadAsync_RealPayloadsInOneBatch_OneReportPerMessageEvent()
    {
        var events = $"[{WithMailrId(Payload("mandrill-send"))},{Payload("mandrill-hard-bounce")},{Payload("mandrill-sync-blacklist")[1..^1]}]";

        var reports = await s_scheme.EventsAsync(Signed(events), Provider("Mandrill", Key, Url));

        Assert.Equal(2, reports.Count);
        Assert.Equal(
            new DeliveryReport("mandrill-main", "send", DeliveryEventKind.Taken, "recipient@example.com", MailrId, "abcdef012345789abcdef012345789", At(1_461_095_246), "abcdef012345789abcdef012345789:send:1461095246"),
            reports[0]);
        Assert.Equal(
            new DeliveryReport(
                "mandrill-main",
                "hard_bounce",
                DeliveryEventKind.Bounced,
                "bounce@example.com",
                null,
                "abcdef012345789abcdef012345789",
                At(1_461_095_246),
                "abcdef012345789abcdef012345789:hard_bounce:1461095246",
                "smtp;550 5.1.1 The email account that you tried to reach does not exist."),
            reports[1]);
    }

    [Theory]
    [InlineData("send", DeliveryEventKind.Taken)]
    [InlineData("deferral", DeliveryEventKind.Deferred)]
    [InlineData("soft_bounce", DeliveryEventKind.Deferred)]
    [InlineData("hard_bounce", DeliveryEventKind.Bounced)]
    [InlineData("spam", DeliveryEventKind.Complained)]
    [InlineData("reject", null)]
    [InlineData("open", null)]
    [InlineData("click", null)]
    [InlineData("unsub", null)]
    [InlineData("whitelist", null)]
    [InlineData("blacklist", null)]
    public async Task ReadAsync_EventName_MapsToKind(string name, DeliveryEventKind? kind)
    {
        var events = $$$"""[{"event":"{{{name}}}","msg":{"email":"a@example.com","_id":"m1","metadata":{"mailr_id":"legacy-1"}},"_id":"m1","ts":1700000000}]""";

        var report = Assert.Single(await s_scheme.EventsAsync(Signed(events), Provider("Mandrill", Key, Url)));

        Assert.Equal(kind, report.Kind);
        Assert.Equal("legacy-1", report.MessageId);
    }

    [Fact]
    public async Task ReadAsync_DeferralWithSmtpEvents_TakesTheLastDiagnostic()
    {
        const string Events = """[{"event":"deferral","msg":{"email":"a@example.com","_id":"m1","smtp_events":[{"diag":"451 first"},{"diag":"451 4.7.1 Try later"}]},"ts":1700000000}]""";

        var report = Assert.Single(await s_scheme.EventsAsync(Signed(Events), Provider("Mandrill", Key, Url)));

        Assert.Equal("451 4.7.1 Try later", report.Detail);
    }

    [Fact]
    public async Task ReadAsync_Head_IsHandledWithoutSignature()
    {
        var request = new WebhookRequest("HEAD", new HeaderDictionary(), null, ReadOnlyMemory<byte>.Empty, s_now);

        Assert.IsType<WebhookRead.Handled>(await s_scheme.ReadAsync(request, Provider("Mandrill", Key, null), CancellationToken.None));
    }

    [Fact]
    public async Task ReadAsync_EmptyBatchSignedWithTheTestKey_IsHandled() =>
        Assert.IsType<WebhookRead.Handled>(await s_scheme.ReadAsync(Signed("[]", key: "test-webhook"), Provider("Mandrill", Key, Url), CancellationToken.None));

    [Fact]
    public async Task ReadAsync_EventsSignedWithTheTestKey_Refuses401() =>
        await s_scheme.RefusedAsync(Signed(Payload("mandrill-sync-blacklist"), key: "test-webhook"), Provider("Mandrill", Key, Url), 401);

    [Fact]
    public async Task ReadAsync_NoWebhookUrl_Refuses401NamingTheSetting() =>
        Assert.Contains("WebhookUrl", await s_scheme.RefusedAsync(Signed("[]"), Provider("Mandrill", Key, null), 401));

    [Fact]
    public async Task ReadAsync_WrongKey_Refuses401() =>
        await s_scheme.RefusedAsync(Signed("[]", key: "another-key"), Provider("Mandrill", Key, Url), 401);

    [Fact]
    public async Task ReadAsync_EventsChangedAfterSigning_Refuses401()
    {
        var events = $"[{Payload("mandrill-hard-bounce")}]";
        var signed = Signed(events);
        var altered = Request(Encode(("mandrill_events", events.Replace("hard_bounce", "soft_bounce"))), s_now, Form, ("X-Mandrill-Signature", signed.Headers["X-Mandrill-Signature"].ToString()));

        await s_scheme.RefusedAsync(altered, Provider("Mandrill", Key, Url), 401);
    }

    [Fact]
    public async Task ReadAsync_ExtraFieldNotSigned_Refuses401()
    {
        const string Events = "[]";
        var request = Request(Encode(("mandrill_events", Events), ("extra", "1")), s_now, Form, ("X-Mandrill-Signature", Sign(Key, Url, "mandrill_events" + Events)));

        await s_scheme.RefusedAsync(request, Provider("Mandrill", Key, Url), 401);
    }

    [Fact]
    public async Task ReadAsync_SeveralFields_AreSignedInNameOrder()
    {
        const string Events = """[{"event":"send","msg":{"email":"a@example.com"},"ts":1700000000}]""";
        var request = Request(Encode(("mandrill_events", Events), ("a_first", "x")), s_now, Form, ("X-Mandrill-Signature", Sign(Key, Url, "a_firstx" + "mandrill_events" + Events)));

        Assert.Single(await s_scheme.EventsAsync(request, Provider("Mandrill", Key, Url)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    [InlineData("NnvRYvKo0gA99/YGgRSb2JS4c/YNnvRYvKo0gA99/YGgRSb2JS4c/Y=")]
    public async Task ReadAsync_MissingOrMalformedSignature_Refuses401(string? signature)
    {
        (string, string)[] headers = signature is null ? [] : [("X-Mandrill-Signature", signature)];

        await s_scheme.RefusedAsync(Request(Encode(("mandrill_events", "[]")), s_now, Form, headers), Provider("Mandrill", Key, Url), 401);
    }

    [Fact]
    public async Task ReadAsync_JsonBodyInsteadOfAForm_Refuses401() =>
        await s_scheme.RefusedAsync(Request("[]", s_now, "application/json", ("X-Mandrill-Signature", Sign(Key, Url, "mandrill_events[]"))), Provider("Mandrill", Key, Url), 401);

    [Fact]
    public async Task ReadAsync_FormBeyondReading_Refuses401()
    {
        var body = string.Join('&', Enumerable.Range(0, 2000).Select(i => $"f{i}=v"));

        await s_scheme.RefusedAsync(Request(body, s_now, Form, ("X-Mandrill-Signature", Sign(Key, Url, ""))), Provider("Mandrill", Key, Url), 401);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"event\":\"send\"}")]
    [InlineData("[1]")]
    [InlineData("[{\"event\":\"send\",\"msg\":\"a@example.com\"}]")]
    [InlineData("[{\"event\":\"hard_bounce\",\"msg\":{\"email\":7}}]")]
    [InlineData("[{\"event\":\"spam\"}]")]
    public async Task ReadAsync_SignedButMalformedEvents_Refuses400(string events) =>
        await s_scheme.RefusedAsync(Signed(events), Provider("Mandrill", Key, Url), 400);

    [Fact]
    public async Task ReadAsync_SignedFormWithoutEvents_Refuses400()
    {
        var request = Request(Encode(("other", "1")), s_now, Form, ("X-Mandrill-Signature", Sign(Key, Url, "other1")));

        await s_scheme.RefusedAsync(request, Provider("Mandrill", Key, Url), 400);
    }

    [Theory]
    [InlineData("""[{"event":"open"}]""", 0)]
    [InlineData("""[{"type":"whitelist","action":"add","entry":{"email":"a@example.com"}}]""", 0)]
    [InlineData("""[{"event":"inbound","msg":{"email":"inbox@example.com","raw_msg":"..."}}]""", 0)]
    [InlineData("""[{"event":"send","msg":{"email":"a@example.com","metadata":[1],"_id":{},"smtp_events":"x"},"ts":1e400}]""", 1)]
    [InlineData("""[{"event":"click","msg":{"email":"a@example.com"},"ts":"yesterday"},{"event":null}]""", 1)]
    public async Task ReadAsync_OddButHarmlessEvents_AreAcknowledged(string events, int count)
    {
        var reports = await s_scheme.EventsAsync(Signed(events), Provider("Mandrill", Key, Url));

        Assert.Equal(count, reports.Count);
        Assert.All(reports, r => Assert.Equal(s_now, r.OccurredAt));
        Assert.All(reports, r => Assert.Null(r.EventId));
    }

    [Fact]
    public async Task ReadAsync_EscapedLoneSurrogates_AreMalformedNotThrown() =>
        await s_scheme.RefusedAsync(Signed("""[{"event":"send","msg":{"email":"\ud800","metadata":{"mailr_message_id":"\udc00"}}}]"""), Provider("Mandrill", Key, Url), 400);

    [Fact]
    public async Task ReadAsync_RandomBatches_NeverThrow()
    {
        var reads = new List<WebhookRead>();
        foreach (var events in RandomJson(500, true, "event", "msg", "email", "_id", "ts", "metadata", "mailr_message_id", "diag", "smtp_events", "bounce_description", "type", "send", "hard_bounce", "open"))
        {
            var read = await s_scheme.ReadAsync(Signed(events), Provider("Mandrill", Key, Url), CancellationToken.None);
            Assert.True(read is WebhookRead.Events or WebhookRead.Refused { Status: 400 }, $"{read} for {events}");
            reads.Add(read);
        }

        Assert.Contains(reads, r => r is WebhookRead.Events { Reports.Count: > 0 });
    }
}
