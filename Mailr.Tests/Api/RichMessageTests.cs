using System.Net;
using System.Text;
using System.Text.Json;

namespace Mailr.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class RichMessageTests(ApiFixture fixture)
{
    private static readonly string s_pdf = Convert.ToBase64String("%PDF-1.7 mailr"u8.ToArray());

    public static TheoryData<string, HttpStatusCode, string> BadRichBodies => new()
    {
        { """{"html":42}""", HttpStatusCode.BadRequest, "'html'" },
        { """{"text":null,"html":null}""", HttpStatusCode.BadRequest, "'html'" },
        { """{"reply_to":"amit@example.com"}""", HttpStatusCode.BadRequest, "'reply_to'" },
        { """{"reply_to":[42]}""", HttpStatusCode.BadRequest, "'reply_to'" },
        { """{"headers":["X-A"]}""", HttpStatusCode.BadRequest, "'headers'" },
        { """{"headers":{"Subject":"again"}}""", HttpStatusCode.BadRequest, "'Subject'" },
        { """{"headers":{"Bcc":"victim@example.org"}}""", HttpStatusCode.BadRequest, "'Bcc'" },
        { """{"headers":{"X-":"empty name"}}""", HttpStatusCode.BadRequest, "'X-'" },
        { """{"headers":{"X-A B":"space in the name"}}""", HttpStatusCode.BadRequest, "'X-A B'" },
        { """{"headers":{"X-A:B":"colon in the name"}}""", HttpStatusCode.BadRequest, "'X-A:B'" },
        { """{"headers":{"X-A\r\nBcc":"victim@example.org"}}""", HttpStatusCode.BadRequest, "'headers'" },
        { """{"headers":{"X-Tag":"a\r\nBcc: victim@example.org"}}""", HttpStatusCode.BadRequest, "'X-Tag'" },
        { """{"headers":{"X-Tag":"a\nb"}}""", HttpStatusCode.BadRequest, "'X-Tag'" },
        { """{"headers":{"X-Tag":"a\u0000b"}}""", HttpStatusCode.BadRequest, "'X-Tag'" },
        { """{"headers":{"X-Tag":42}}""", HttpStatusCode.BadRequest, "'X-Tag'" },
        { """{"headers":{"X-Tag":"a","x-tag":"b"}}""", HttpStatusCode.BadRequest, "'x-tag'" },
        { """{"headers":{"X-Tag":"\ud800"}}""", HttpStatusCode.BadRequest, "'X-Tag'" },
        { """{"attachments":{"filename":"a.pdf"}}""", HttpStatusCode.BadRequest, "'attachments'" },
        { """{"attachments":["a.pdf"]}""", HttpStatusCode.BadRequest, "'attachments[0]'" },
        { """{"attachments":[{"content_type":"application/pdf","content":"JVBERg=="}]}""", HttpStatusCode.BadRequest, "'filename'" },
        { """{"attachments":[{"filename":"a.pdf","content":"JVBERg=="}]}""", HttpStatusCode.BadRequest, "'content_type'" },
        { """{"attachments":[{"filename":"a.pdf","content_type":"application/pdf"}]}""", HttpStatusCode.BadRequest, "'content'" },
        { """{"attachments":[{"filename":"a.pdf","content_type":"application/pdf","content":"JVBERg==","size":8}]}""", HttpStatusCode.BadRequest, "'size'" },
        { """{"attachments":[{"filename":"a.pdf","content_type":"application/pdf","content":"not base64!"}]}""", HttpStatusCode.BadRequest, "'attachments[0]'" },
        { """{"attachments":[{"filename":"a.pdf","content_type":"application/pdf","content":"JVBERg="}]}""", HttpStatusCode.BadRequest, "'attachments[0]'" },
        { """{"attachments":[{"filename":"ok.pdf","content_type":"application/pdf","content":"JVBERg=="},{"filename":"../etc/passwd","content_type":"text/plain","content":"JVBERg=="}]}""", HttpStatusCode.BadRequest, "'attachments[1]'" },
        { """{"attachments":[{"filename":"/etc/passwd","content_type":"text/plain","content":"JVBERg=="}]}""", HttpStatusCode.BadRequest, "path" },
        { """{"attachments":[{"filename":"C:\\boot.ini","content_type":"text/plain","content":"JVBERg=="}]}""", HttpStatusCode.BadRequest, "path" },
        { """{"attachments":[{"filename":"..","content_type":"text/plain","content":"JVBERg=="}]}""", HttpStatusCode.BadRequest, "path" },
        { """{"attachments":[{"filename":"a\r\nContent-Type: text/html.pdf","content_type":"text/plain","content":"JVBERg=="}]}""", HttpStatusCode.BadRequest, "control" },
        { """{"attachments":[{"filename":"a\u0000.pdf","content_type":"text/plain","content":"JVBERg=="}]}""", HttpStatusCode.BadRequest, "control" },
        { """{"attachments":[{"filename":"  ","content_type":"text/plain","content":"JVBERg=="}]}""", HttpStatusCode.BadRequest, "empty" },
        { """{"attachments":[{"filename":"a.pdf","content_type":"pdf","content":"JVBERg=="}]}""", HttpStatusCode.BadRequest, "content_type" },
        { """{"attachments":[{"filename":"a.pdf","content_type":"text/plain\r\nBcc: x","content":"JVBERg=="}]}""", HttpStatusCode.BadRequest, "content_type" },
        { """{"attachments":[{"filename":"a.pdf","content_type":"application/pdf","content":42}]}""", HttpStatusCode.BadRequest, "'content'" },
    };

    [Theory]
    [MemberData(nameof(BadRichBodies))]
    public async Task Post_BadRichField_Returns4xxNamingIt(string fields, HttpStatusCode status, string named)
    {
        var response = await fixture.Client.PostAsync("/messages", Body(fields));

        Assert.Equal(status, response.StatusCode);
        var message = (await Json.ReadAsync(response)).GetProperty("message").GetString()!;
        Assert.Contains(named, message);
    }

    [Fact]
    public async Task Post_HtmlOnly_Returns202()
    {
        var response = await fixture.Client.PostAsync("/messages", Body("""{"text":null,"html":"<p>Hi</p>"}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Post_NeitherTextNorHtml_Returns400NamingBoth()
    {
        var response = await fixture.Client.PostAsync("/messages", Body("""{"text":null}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await Json.ReadAsync(response)).GetProperty("message").GetString()!;
        Assert.Contains("'text'", message);
        Assert.Contains("'html'", message);
    }

    [Fact]
    public async Task Post_BadReplyTo_Returns400ListingIt()
    {
        var response = await fixture.Client.PostAsync("/messages", Body("""{"reply_to":["ok@example.com","not an address"]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["not an address"], (await Json.ReadAsync(response)).GetProperty("invalid_emails").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Post_AttachmentsOverLimit_Returns413()
    {
        await using var factory = new MailrApiFactory(new Dictionary<string, string?> { ["Mailr:Limits:MaxAttachmentBytes"] = "10" });
        var six = Convert.ToBase64String(new byte[6]);

        var atLimit = await factory.CreateClient().PostAsync("/messages", Body($$"""{"attachments":[{"filename":"a.bin","content_type":"application/octet-stream","content":"{{Convert.ToBase64String(new byte[10])}}"}]}"""));
        var overLimit = await factory.CreateClient().PostAsync("/messages", Body($$"""{"attachments":[{"filename":"a.bin","content_type":"application/octet-stream","content":"{{six}}"},{"filename":"b.bin","content_type":"application/octet-stream","content":"{{six}}"}]}"""));

        Assert.Equal(HttpStatusCode.Accepted, atLimit.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, overLimit.StatusCode);
        Assert.Contains("MaxAttachmentBytes", (await Json.ReadAsync(overLimit)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task Post_RichMessage_ProviderGetsEveryField()
    {
        var calls = new CallLog();
        var provider = new ScriptedEmailProvider("primary", calls);
        await using var factory = new MailrApiFactory(services: s => s.AddSingleton(new ProviderRegistry([new(provider, TimeSpan.FromSeconds(5))])));
        var request = $$"""
            {"from":"Amit <amit@example.com>","to":["nishant@example.com"],"subject":"Report","text":"See attached","html":"<p>See <b>attached</b></p>",
             "reply_to":["Support <support@example.com>"],"headers":{"X-Campaign":"q4","X-Ticket":"T-1"},
             "attachments":[{"filename":"report.pdf","content_type":"Application/PDF","content":"{{s_pdf}}"}]}
            """;

        var response = await factory.CreateClient().PostAsync("/messages", Json.Body(request));
        var id = await Json.IdAsync(response);
        await factory.Recorder.WaitFinishedAsync(id);

        var email = Assert.Single(calls.For(id)).Email;
        Assert.Equal("See attached", email.Content.Text);
        Assert.Equal("<p>See <b>attached</b></p>", email.Content.Html);
        Assert.Equal([new Mailbox("support@example.com", "Support")], email.Content.ReplyTo);
        Assert.Equal([new MessageHeader("X-Campaign", "q4"), new MessageHeader("X-Ticket", "T-1")], email.Content.Headers);
        var attachment = Assert.Single(email.Content.Attachments);
        Assert.Equal(("report.pdf", "application/pdf"), (attachment.FileName, attachment.ContentType));
        Assert.Equal("%PDF-1.7 mailr"u8.ToArray(), attachment.Content);
    }

    private static StringContent Body(string fields)
    {
        using var extra = JsonDocument.Parse(fields);
        var merged = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in JsonDocument.Parse("""{"from":"amit@example.com","to":["nishant@example.com"],"subject":"Hello","text":"Hi"}""").RootElement.EnumerateObject())
        {
            merged[p.Name] = p.Value.Clone();
        }

        var raw = new StringBuilder("{");
        foreach (var p in extra.RootElement.EnumerateObject())
        {
            merged.Remove(p.Name);
        }

        foreach (var (name, value) in merged)
        {
            raw.Append(JsonSerializer.Serialize(name)).Append(':').Append(value.GetRawText()).Append(',');
        }

        raw.Append(fields.AsSpan(1));
        return Json.Body(raw.ToString());
    }
}
