using System.Net;
using System.Text;
using System.Text.Json;

namespace Mailr.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class MessagesValidationTests(ApiFixture fixture)
{
    private const string Valid = """{"from":"Amit Ruparel <amit@example.com>","to":["nishant@example.com"],"subject":"Hello","text":"Hi"}""";

    public static TheoryData<string, string?> MalformedBodies => new()
    {
        { "", null },
        { "   ", null },
        { """{"from":"amit@example.com","to":["nishant@example.com"]""", null },
        { """{"from":"amit@example.com","to":["nishant@exa""", null },
        { """{"from":"amit@example.com","to":["nishant@example.com"],"subject":"Hello","text":"Hi",}""", null },
        { """{"from":"amit@example.com","to":["nishant@example.com",],"subject":"Hello","text":"Hi"}""", null },
        { "null", null },
        { "[]", null },
        { $"[{Valid}]", null },
        { "42", null },
        { "\"amit@example.com\"", null },
        { "true", null },
        { $$"""{"from":{{new string('[', 20)}}{{new string(']', 20)}},"to":["nishant@example.com"],"subject":"Hello","text":"Hi"}""", null },
        { new string('[', 1000) + new string(']', 1000), null },
        { "{'from':'amit@example.com','to':['nishant@example.com'],'subject':'Hello','text':'Hi'}", null },
        { """{from:"amit@example.com",to:["nishant@example.com"],subject:"Hello",text:"Hi"}""", null },
        { """{/* sender */"from":"amit@example.com","to":["nishant@example.com"],"subject":"Hello","text":"Hi"}""", null },
        { "{\"from\":\"amit@example.com\", // sender\n\"to\":[\"nishant@example.com\"],\"subject\":\"Hello\",\"text\":\"Hi\"}", null },
        { """{"from":"amit@example.com","to":["nishant@example.com"],"subject":NaN,"text":"Hi"}""", null },
        { """{"from":"amit@example.com","to":["nishant@example.com"],"subject":Infinity,"text":"Hi"}""", null },
        { """{"from":"amit@example.com","to":["nishant@example.com"],"subject":"Hello","text":"Hi"}{}""", null },
        { """{"from":"amit@example.com","to":["nishant@example.com"],"subject":"Hello","text":"\x41"}""", null },
        { """{"from":"amit@example.com","to":["nishant@example.com"],"subject":"Hello","text":"unterminated}""", null },
        { """{"from":"amit@example.com","to":["nishant@example.com"],"subject":0x41,"text":"Hi"}""", null },
        { """{"from":["amit@example.com"],"to":["nishant@example.com"],"subject":"Hello","text":"Hi"}""", "from" },
        { """{"from":"amit@example.com","to":"nishant@example.com","subject":"Hello","text":"Hi"}""", "to" },
        { """{"from":"amit@example.com","to":["nishant@example.com",42],"subject":"Hello","text":"Hi"}""", "to" },
        { """{"from":"amit@example.com","to":["nishant@example.com",null],"subject":"Hello","text":"Hi"}""", "to" },
        { """{"from":"amit@example.com","to":[["nishant@example.com"]],"subject":"Hello","text":"Hi"}""", "to" },
        { """{"from":"amit@example.com","to":["nishant@example.com"],"cc":{"email":"deepak@example.com"},"subject":"Hello","text":"Hi"}""", "cc" },
        { """{"from":"amit@example.com","to":["nishant@example.com"],"bcc":"jay@example.com","subject":"Hello","text":"Hi"}""", "bcc" },
        { """{"from":"amit@example.com","to":["nishant@example.com"],"subject":42,"text":"Hi"}""", "subject" },
        { """{"from":"amit@example.com","to":["nishant@example.com"],"subject":"Hello","text":true}""", "text" },
        { """{"from":"amit@example.com","to":["nishant@example.com"],"subject":"Hello","text":{"body":"Hi"}}""", "text" },
        { """{"from":"amit@example.com","to":["nishant@example.com"],"subject":"Hello","text":"Hi","reply_to":"amit@example.com"}""", "reply_to" },
        { """{"From":"amit@example.com","to":["nishant@example.com"],"subject":"Hello","text":"Hi"}""", "From" },
        { """{"from":"amit@example.com","to":["nishant@example.com"],"subject":"Hello","subject":"Again","text":"Hi"}""", "subject" },
        { """{"from":"amit@example.com","to":["nishant@example.com"],"subject":"Hello","subj\u0065ct":"Again","text":"Hi"}""", "subject" },
        { """{"to":["nishant@example.com"],"subject":"Hello","text":"Hi"}""", "from" },
        { """{"from":"amit@example.com","subject":"Hello","text":"Hi"}""", "to" },
        { """{"from":"amit@example.com","to":["nishant@example.com"],"text":"Hi"}""", "subject" },
        { """{"from":"amit@example.com","to":["nishant@example.com"],"subject":"Hello"}""", "text" },
        { """{"from":null,"to":["nishant@example.com"],"subject":"Hello","text":"Hi"}""", "from" },
        { """{"from":"amit@example.com","to":null,"subject":"Hello","text":"Hi"}""", "to" },
        { """{"from":"amit@example.com","to":[],"subject":"Hello","text":"Hi"}""", "to" },
        { "{}", "from" },
        { """{"from":"amit@example.com","to":["nishant@example.com"],"subject":"\ud800","text":"Hi"}""", "subject" },
        { """{"from":"amit@example.com","to":["nishant@example.com"],"subject":"Hello","text":"\udc00 alone"}""", "text" },
        { """{"from":"amit@example.com","to":["\ud800@example.com"],"subject":"Hello","text":"Hi"}""", "to" },
        { """{"from":"amit@example.com","to":["nishant@example.com"],"subject":"Hello","text":"Hi","\ud800":1}""", null },
    };

    public static TheoryData<string> HeaderInjectionAddresses => new()
    {
        "Amit\r <amit@example.com>",
        "Amit\n <amit@example.com>",
        "Amit\r\n <amit@example.com>",
        "Amit\0 <amit@example.com>",
        "nishant\r@example.com",
        "nishant\n@example.com",
        "nishant\r\n@example.com",
        "nishant\0@example.com",
        "Nishant <nishant@example.com\r>",
        "Nishant <nishant@example.com\n>",
        "Nishant <nishant@example.com\r\n>",
        "Nishant <nishant@example.com\0>",
        "nishant@example.com\r",
        "nishant@example.com\n",
        "nishant@example.com\r\n",
        "nishant@example.com\r\nBcc: victim@example.org",
        "=?utf-8?q?Amit=0D=0ABcc:_victim?= <amit@example.com>",
    };

    public static TheoryData<string> ControlsInSubject => new() { "Hello\r", "Hello\n", "Hello\r\nBcc: victim@example.org", "Hello\0" };

    public static TheoryData<string> NonJsonMediaTypes => new()
    {
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/json; charset=latin1",
        "application/json; charset=utf-16",
        "multipart/form-data; boundary=mailr",
        "application/xml",
        "text/html; charset=utf-8",
        "not a media type",
    };

    public static TheoryData<string> JsonMediaTypes => new()
    {
        "application/json",
        "application/json; charset=utf-8",
        "application/json; charset=\"UTF-8\"",
        "Application/JSON;charset=UTF8",
    };

    public static TheoryData<object> ValidRequests => new()
    {
        Json.SampleRequest(),
        new { from = "\"Ruparel, Amit\" <amit@example.com>", to = new[] { "\"Shah, Nishant\" <nishant@example.com>" }, subject = "Hello", text = "Hi" },
        new { from = "Jürgen Müller <j@example.de>", to = new[] { "山田太郎 <taro@example.jp>", "Ōsaka Café <cafe@example.fr>" }, subject = "Grüße, こんにちは", text = "Hi" },
        new { from = "amit@bücher.example", to = new[] { "user@例え.テスト", "ivan@пример.рф" }, cc = new[] { "user@xn--bcher-kva.example" }, subject = "IDN", text = "Hi" },
        new { from = "curator@moma.museum", to = new[] { "shots@studio.photography", "tea@example.co.uk", "ivan@example.xn--p1ai" }, subject = "TLDs", text = "Hi" },
        new { from = "amit+mailr@example.com", to = new[] { "\"john doe\"@example.com" }, subject = "", text = "" },
        new { from = "amit@example.com", to = new[] { "nishant@example.com", "NISHANT@Example.COM" }, cc = new[] { "Nishant <nishant@EXAMPLE.com>" }, subject = "Twice", text = "Hi" },
        new { from = "amit@example.com", to = new[] { "nishant@example.com" }, cc = (string[]?)null, bcc = Array.Empty<string>(), subject = "Hello", text = "Line one\r\nLine two\n\ttabbed" },
    };

    public static TheoryData<string> AllBadBodies
    {
        get
        {
            var bodies = new TheoryData<string>();
            foreach (var row in (IEnumerable<object[]>)MalformedBodies)
            {
                bodies.Add((string)row[0]);
            }

            foreach (var row in (IEnumerable<object[]>)HeaderInjectionAddresses)
            {
                bodies.Add(JsonSerializer.Serialize(new { from = "amit@example.com", to = new[] { (string)row[0] }, subject = "Hello", text = "Hi" }));
            }

            foreach (var row in (IEnumerable<object[]>)ControlsInSubject)
            {
                bodies.Add(JsonSerializer.Serialize(new { from = "amit@example.com", to = new[] { "nishant@example.com" }, subject = (string)row[0], text = "Hi" }));
            }

            bodies.Add(JsonSerializer.Serialize(new { from = "", to = new[] { "a@b", "x", "a@[127.0.0.1]", new string('a', 65) + "@example.com" }, subject = "Hello", text = "Hi" }));
            bodies.Add(JsonSerializer.Serialize(new { from = "amit@example.com", to = Enumerable.Repeat("nishant@example.com", ApiFixture.MaxRecipients + 1), subject = "Hello", text = "Hi" }));
            bodies.Add(JsonSerializer.Serialize(new { from = "amit@example.com", to = new[] { "nishant@example.com" }, subject = "Hello", text = new string('x', ApiFixture.MaxBodyBytes) }));
            return bodies;
        }
    }

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Post_MalformedBody_Returns400NamingField(string json, string? field)
    {
        var response = await PostAsync(Json.Raw(Encoding.UTF8.GetBytes(json), "application/json"));

        var body = await MailrClient.AssertErrorAsync(response, HttpStatusCode.BadRequest);
        if (field is not null)
        {
            Assert.Contains($"'{field}'", Message(body));
        }
    }

    [Fact]
    public async Task Post_InvalidUtf8_Returns400()
    {
        var bytes = Encoding.UTF8.GetBytes(Valid.Replace("Hi", "H\u0001"));
        bytes[Array.IndexOf(bytes, (byte)1)] = 0xFF;

        var response = await PostAsync(Json.Raw(bytes, "application/json"));

        await MailrClient.AssertErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Post_Utf8BomBeforeValidJson_Returns202()
    {
        var response = await PostAsync(Json.Raw([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Valid)], "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Post_TwoBoms_Returns400()
    {
        var response = await PostAsync(Json.Raw([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Valid)], "application/json"));

        await MailrClient.AssertErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(NonJsonMediaTypes))]
    public async Task Post_NonJsonMediaType_Returns415(string mediaType)
    {
        var response = await PostAsync(Json.Raw(Encoding.UTF8.GetBytes(Valid), mediaType));

        await MailrClient.AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Post_NoContentType_Returns415()
    {
        var response = await PostAsync(new ByteArrayContent(Encoding.UTF8.GetBytes(Valid)));

        await MailrClient.AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Post_FormUrlEncodedFields_Returns415()
    {
        var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["from"] = "amit@example.com",
            ["to"] = "nishant@example.com",
            ["subject"] = "Hello",
            ["text"] = "Hi",
        });

        var response = await PostAsync(content);

        await MailrClient.AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Post_MultipartFormData_Returns415()
    {
        var content = new MultipartFormDataContent { { new StringContent(Valid, Encoding.UTF8, "application/json"), "message" } };

        var response = await PostAsync(content);

        await MailrClient.AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [MemberData(nameof(JsonMediaTypes))]
    public async Task Post_JsonMediaTypeVariant_Returns202(string mediaType)
    {
        var response = await PostAsync(Json.Raw(Encoding.UTF8.GetBytes(Valid), mediaType));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Post_BodyOfExactlyLimit_Returns202()
    {
        var response = await PostAsync(Json.Raw(PaddedBody(ApiFixture.MaxBodyBytes), "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Post_BodyOfLimitPlusOne_Returns413()
    {
        var response = await PostAsync(Json.Raw(PaddedBody(ApiFixture.MaxBodyBytes + 1), "application/json"));

        await MailrClient.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Post_BodyOfTenTimesLimit_Returns413()
    {
        var response = await PostAsync(Json.Raw(PaddedBody(10 * ApiFixture.MaxBodyBytes), "application/json"));

        await MailrClient.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Post_ChunkedBodyWithoutLengthOverLimit_Returns413()
    {
        using var request = Chunked(PaddedBody(2 * ApiFixture.MaxBodyBytes));

        var response = await fixture.Client.SendAsync(request);

        Assert.False(request.Content!.Headers.Contains("Content-Length"));
        await MailrClient.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Post_ChunkedBodyWithoutLengthUnderLimit_Returns202()
    {
        using var request = Chunked(Encoding.UTF8.GetBytes(Valid));

        var response = await fixture.Client.SendAsync(request);

        Assert.False(request.Content!.Headers.Contains("Content-Length"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Post_HugeTextField_Returns413()
    {
        var request = new { from = "amit@example.com", to = new[] { "nishant@example.com" }, subject = "Hello", text = new string('x', 3 * ApiFixture.MaxBodyBytes) };

        var response = await PostAsync(Json.Body(request));

        await MailrClient.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Post_MaxRecipientsAcrossToCcBcc_Returns202()
    {
        var request = new { from = "amit@example.com", to = Recipients("to", 2), cc = Recipients("cc", 2), bcc = Recipients("bcc", 1), subject = "Hello", text = "Hi" };

        var response = await PostAsync(Json.Body(request));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Post_OneRecipientOverLimitAcrossToCcBcc_Returns413()
    {
        var request = new { from = "amit@example.com", to = Recipients("to", 2), cc = Recipients("cc", 2), bcc = Recipients("bcc", 2), subject = "Hello", text = "Hi" };

        var response = await PostAsync(Json.Body(request));

        var body = await MailrClient.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal($"The message has 6 recipients; the limit is {ApiFixture.MaxRecipients}.", Message(body));
    }

    [Fact]
    public async Task Post_ManyRecipientsInTo_Returns413()
    {
        var request = new { from = "amit@example.com", to = Recipients("to", 10 * ApiFixture.MaxRecipients), subject = "Hello", text = "Hi" };

        var response = await PostAsync(Json.Body(request));

        await MailrClient.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Post_InvalidAddressesEverywhere_Returns400ListingExactlyTheBadOnesInOrder()
    {
        var request = new
        {
            from = "Amit Ruparel",
            to = new[] { "nishant@", "a@b" },
            cc = new[] { "Last, First <deepak@example.com>", "deepak@example.com" },
            bcc = new[] { "jay@[127.0.0.1]" },
            subject = "Hello",
            text = "Hi",
        };

        var response = await PostAsync(Json.Body(request));

        var body = await MailrClient.AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["Amit Ruparel", "nishant@", "a@b", "Last, First <deepak@example.com>", "jay@[127.0.0.1]"], InvalidEmails(body));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("amit@example.123")]
    [InlineData("amit@-example.com")]
    [InlineData("a@b.com, c@d.com")]
    [InlineData("a@b.com junk")]
    public async Task Post_InvalidFrom_Returns400ListingIt(string from)
    {
        var response = await PostAsync(Json.Body(new { from, to = new[] { "nishant@example.com" }, subject = "Hello", text = "Hi" }));

        var body = await MailrClient.AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal([from], InvalidEmails(body));
    }

    [Fact]
    public async Task Post_SameInvalidAddressTwice_Returns400ListingBoth()
    {
        var response = await PostAsync(Json.Body(new { from = "amit@example.com", to = new[] { "nobody", "nishant@example.com" }, cc = new[] { "nobody" }, subject = "Hello", text = "Hi" }));

        var body = await MailrClient.AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["nobody", "nobody"], InvalidEmails(body));
    }

    [Theory]
    [MemberData(nameof(ControlsInSubject))]
    public async Task Post_ControlCharacterInSubject_Returns400NamingSubject(string subject)
    {
        var response = await PostAsync(Json.Body(new { from = "amit@example.com", to = new[] { "nishant@example.com" }, subject, text = "Hi" }));

        var body = await MailrClient.AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("'subject'", Message(body));
    }

    [Theory]
    [MemberData(nameof(HeaderInjectionAddresses))]
    public async Task Post_HeaderInjectionInFrom_Returns400ListingIt(string from)
    {
        var response = await PostAsync(Json.Body(new { from, to = new[] { "nishant@example.com" }, subject = "Hello", text = "Hi" }));

        var body = await MailrClient.AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal([from], InvalidEmails(body));
    }

    [Theory]
    [MemberData(nameof(HeaderInjectionAddresses))]
    public async Task Post_HeaderInjectionInRecipients_Returns400ListingEachOccurrence(string address)
    {
        var request = new { from = "amit@example.com", to = new[] { "nishant@example.com", address }, cc = new[] { address }, bcc = new[] { address }, subject = "Hello", text = "Hi" };

        var response = await PostAsync(Json.Body(request));

        var body = await MailrClient.AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal([address, address, address], InvalidEmails(body));
    }

    [Theory]
    [MemberData(nameof(ValidRequests))]
    public async Task Post_ValidRequest_Returns202WithId(object request)
    {
        var response = await PostAsync(Json.Body(request));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = await Json.IdAsync(response);
        Assert.True(MessageId.IsWellFormed(id));
    }

    [Fact]
    public async Task Post_SameRecipientTwiceInOtherCase_OneRecipientKept()
    {
        var request = new { from = "amit@example.com", to = new[] { "nishant@example.com" }, bcc = new[] { "NISHANT@example.com" }, subject = "Hello", text = "Hi" };

        var response = await PostAsync(Json.Body(request));
        var id = await Json.IdAsync(response);
        var recipients = await fixture.Factory.Recorder.WaitFinishedAsync(id);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(["nishant@example.com"], recipients.Select(r => r.Mailbox.Address));
    }

    [Theory]
    [MemberData(nameof(AllBadBodies))]
    public async Task Post_AnyBadBody_NeverReturns5xx(string json)
    {
        var response = await PostAsync(Json.Raw(Encoding.UTF8.GetBytes(json), "application/json"));

        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {json[..Math.Min(json.Length, 200)]}");
        await MailrClient.AssertErrorAsync(response, response.StatusCode);
    }

    private async Task<HttpResponseMessage> PostAsync(HttpContent content) => await fixture.Client.PostAsync("/messages", content);

    private static string Message(JsonElement body) => body.GetProperty("message").GetString()!;

    private static string[] InvalidEmails(JsonElement body) => [.. body.GetProperty("invalid_emails").EnumerateArray().Select(e => e.GetString()!)];

    private static byte[] PaddedBody(int size)
    {
        var empty = JsonSerializer.Serialize(new { from = "amit@example.com", to = new[] { "nishant@example.com" }, subject = "Hello", text = "" });
        var body = empty.Replace("\"text\":\"\"", $"\"text\":\"{new string('x', size - empty.Length)}\"");
        return Encoding.UTF8.GetBytes(body);
    }

    private static string[] Recipients(string prefix, int count) => [.. Enumerable.Range(1, count).Select(i => $"{prefix}{i}@example.com")];

    private static HttpRequestMessage Chunked(byte[] bytes)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/messages") { Content = Json.Raw(bytes, "application/json") };
        request.Headers.TransferEncodingChunked = true;
        return request;
    }
}
