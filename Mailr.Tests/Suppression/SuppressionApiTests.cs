using System.Net;
using System.Text.Json;
using Mailr.Grains.Suppression;
using Mailr.Tests.Auth;
using Mailr.Tests.RateLimits;

namespace Mailr.Tests.Suppression;

[Collection(SuppressionApiCollection.Name)]
public sealed class SuppressionApiTests(SuppressionApiFixture fixture)
{
    private static readonly string s_now = JsonSerializer.Serialize(SuppressionApiFixture.Now).Trim('"');

    public static TheoryData<string, string> EntryEndpoints => new()
    {
        { "GET", "/suppressions/jay%40example.com" },
        { "PUT", "/suppressions/jay%40example.com" },
        { "DELETE", "/suppressions/jay%40example.com" },
    };

    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", "/suppressions" },
        { "GET", "/suppressions/jay%40example.com" },
        { "PUT", "/suppressions/jay%40example.com" },
        { "DELETE", "/suppressions/jay%40example.com" },
    };

    [Fact]
    public async Task Put_NewAddress_Returns201WithManualEntryAndLocation()
    {
        var email = NewEmail();

        var response = await Alpha.PutAsync(Path(email), null);
        var body = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(Path(email), response.Headers.Location?.OriginalString);
        Assert.Equal($$"""{"email":"{{email}}","reason":"manual","since":"{{s_now}}"}""", body.GetRawText());
    }

    [Fact]
    public async Task Put_AddressPresent_Returns200WithFirstEntry()
    {
        var email = NewEmail();
        await fixture.List.AddAsync("alpha", new SuppressionEntry(email, SuppressionReason.Bounced, SuppressionApiFixture.Now.AddDays(-3)));

        var response = await Alpha.PutAsync(Path(email.ToUpperInvariant()), Json.Body("{}"));
        var body = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("bounced", body.GetProperty("reason").GetString());
        Assert.Equal(SuppressionApiFixture.Now.AddDays(-3), body.GetProperty("since").GetDateTimeOffset());
    }

    [Fact]
    public async Task Put_EmptyObjectBody_Returns201()
    {
        var email = NewEmail();

        var response = await Alpha.PutAsync(Path(email), Json.Body("{}"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotNull(await fixture.List.GetAsync("alpha", email));
    }

    [Theory]
    [InlineData("""{"reason":"bounced"}""", "'reason'")]
    [InlineData("[]", "JSON object")]
    [InlineData("null", "JSON object")]
    [InlineData("{", "not valid JSON")]
    [InlineData(" ", "not valid JSON")]
    public async Task Put_BodyOtherThanEmptyObject_Returns400NamingIt(string json, string mentioning)
    {
        var email = NewEmail();

        var response = await Alpha.PutAsync(Path(email), Json.Body(json));

        await MailrClient.AssertErrorAsync(response, HttpStatusCode.BadRequest, mentioning);
        Assert.Null(await fixture.List.GetAsync("alpha", email));
    }

    [Fact]
    public async Task Put_BodyNotJson_Returns415()
    {
        var response = await Alpha.PutAsync(Path(NewEmail()), Json.Raw("{}", "text/plain"));

        await MailrClient.AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "Content-Type: application/json");
    }

    [Fact]
    public async Task Put_BodyOverLimit_Returns413()
    {
        var response = await Alpha.PutAsync(Path(NewEmail()), Json.Body($$"""{"x":"{{new string('a', 2000)}}"}"""));

        await MailrClient.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "1024 bytes");
    }

    [Fact]
    public async Task Put_FullMailboxInUpperCase_StoredAsLowercaseAddress()
    {
        var local = $"jay-{Guid.NewGuid():N}";

        var response = await Alpha.PutAsync(Path($"Jay Patel <{local.ToUpperInvariant()}@Example.COM>"), null);
        var found = await Alpha.GetAsync(Path($"{local}@example.com"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"{local}@example.com", (await Json.ReadAsync(response)).GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
    }

    [Fact]
    public async Task Put_UnicodeDomain_StoredWithPunycodeDomainAndFoundEitherWay()
    {
        var local = $"amit-{Guid.NewGuid():N}";

        var response = await Alpha.PutAsync(Path($"{local}@Bücher.example"), null);
        var byPunycode = await Alpha.GetAsync(Path($"{local}@xn--bcher-kva.example"));

        Assert.Equal($"{local}@xn--bcher-kva.example", (await Json.ReadAsync(response)).GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.OK, byPunycode.StatusCode);
    }

    [Fact]
    public async Task Get_Present_Returns200WithEntry()
    {
        var email = NewEmail();
        await fixture.List.AddAsync("alpha", new SuppressionEntry(email, SuppressionReason.Complained, SuppressionApiFixture.Now));

        var response = await Alpha.GetAsync(Path(email));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($$"""{"email":"{{email}}","reason":"complained","since":"{{s_now}}"}""", (await Json.ReadAsync(response)).GetRawText());
    }

    [Fact]
    public async Task Get_Absent_Returns404NamingAddress()
    {
        var email = NewEmail();

        await MailrClient.AssertErrorAsync(await Alpha.GetAsync(Path(email)), HttpStatusCode.NotFound, email);
    }

    [Fact]
    public async Task Delete_Present_Returns204AndEntryGone()
    {
        var email = NewEmail();
        await Alpha.PutAsync(Path(email), null);

        var response = await Alpha.DeleteAsync(Path(email.ToUpperInvariant()));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength ?? 0);
        Assert.Equal(HttpStatusCode.NotFound, (await Alpha.GetAsync(Path(email))).StatusCode);
    }

    [Fact]
    public async Task Delete_Absent_Returns404()
    {
        var email = NewEmail();

        await MailrClient.AssertErrorAsync(await Alpha.DeleteAsync(Path(email)), HttpStatusCode.NotFound, email);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Entry_NotAnAddress_Returns400NamingIt(string method)
    {
        var response = await Alpha.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/suppressions/not%20an%20address"));

        await MailrClient.AssertErrorAsync(response, HttpStatusCode.BadRequest, "'not an address'");
    }

    [Fact]
    public async Task List_PagesOfTwo_OldestFirstWithCursorThenNull()
    {
        var since = SuppressionApiFixture.Now;
        await fixture.List.AddAsync("pages", new SuppressionEntry("c@example.com", SuppressionReason.Manual, since));
        await fixture.List.AddAsync("pages", new SuppressionEntry("a@example.com", SuppressionReason.Bounced, since));
        await fixture.List.AddAsync("pages", new SuppressionEntry("z@example.com", SuppressionReason.Complained, since.AddMinutes(-1)));
        await fixture.List.AddAsync("pages", new SuppressionEntry("b@example.com", SuppressionReason.Manual, since.AddMinutes(1)));
        using var client = fixture.Client(LimitedKeys.Secret("pages"));

        var first = await Json.ReadAsync(await client.GetAsync("/suppressions?limit=2"));
        var second = await Json.ReadAsync(await client.GetAsync($"/suppressions?limit=2&after={first.GetProperty("next").GetString()}"));
        var all = await Json.ReadAsync(await client.GetAsync("/suppressions"));

        Assert.Equal(["z@example.com", "a@example.com"], Emails(first));
        Assert.Equal(["c@example.com", "b@example.com"], Emails(second));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        Assert.Equal(["z@example.com", "a@example.com", "c@example.com", "b@example.com"], Emails(all));
        Assert.Equal(["complained", "bounced", "manual", "manual"], all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reason").GetString()));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("-1")]
    [InlineData("ten")]
    [InlineData("1.5")]
    [InlineData("")]
    public async Task List_LimitOutOfRange_Returns400NamingLimit(string limit)
    {
        await MailrClient.AssertErrorAsync(await Alpha.GetAsync($"/suppressions?limit={limit}"), HttpStatusCode.BadRequest, "'limit'");
    }

    [Theory]
    [InlineData("1000")]
    [InlineData("1")]
    public async Task List_LimitAtBounds_Returns200(string limit)
    {
        Assert.Equal(HttpStatusCode.OK, (await Alpha.GetAsync($"/suppressions?limit={limit}")).StatusCode);
    }

    [Theory]
    [InlineData("not-a-cursor")]
    [InlineData("MTIz")]
    [InlineData("")]
    public async Task List_BadCursor_Returns400NamingAfter(string after)
    {
        await MailrClient.AssertErrorAsync(await Alpha.GetAsync($"/suppressions?after={after}"), HttpStatusCode.BadRequest, "'after'");
    }

    [Fact]
    public async Task Keys_SameAddress_SeeOnlyTheirOwnList()
    {
        var email = NewEmail();
        await Alpha.PutAsync(Path(email), null);

        var betaGet = await Beta.GetAsync(Path(email));
        var betaDelete = await Beta.DeleteAsync(Path(email));
        var betaList = await Json.ReadAsync(await Beta.GetAsync("/suppressions?limit=1000"));
        var alphaList = await Json.ReadAsync(await Alpha.GetAsync("/suppressions?limit=1000"));

        Assert.Equal(HttpStatusCode.NotFound, betaGet.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, betaDelete.StatusCode);
        Assert.DoesNotContain(email, Emails(betaList));
        Assert.Contains(email, Emails(alphaList));
        Assert.Equal(HttpStatusCode.OK, (await Alpha.GetAsync(Path(email))).StatusCode);
    }

    [Fact]
    public async Task Operator_KeyParameter_ManagesThatKeysList()
    {
        var email = NewEmail();
        using var ops = fixture.Client(ApiKeyFixture.Ops);

        var put = await ops.PutAsync($"{Path(email)}?key=beta", null);
        var seenByBeta = await Beta.GetAsync(Path(email));
        var seenByOps = await ops.GetAsync($"{Path(email)}?key=beta");
        var listed = await Json.ReadAsync(await ops.GetAsync("/suppressions?key=beta&limit=1000"));
        var ownList = await Json.ReadAsync(await ops.GetAsync("/suppressions?limit=1000"));
        var deleted = await ops.DeleteAsync($"{Path(email)}?key=beta");

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, seenByBeta.StatusCode);
        Assert.Equal(HttpStatusCode.OK, seenByOps.StatusCode);
        Assert.Contains(email, Emails(listed));
        Assert.DoesNotContain(email, Emails(ownList));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Beta.GetAsync(Path(email))).StatusCode);
    }

    [Fact]
    public async Task Operator_KeyParameterNamingNoKey_Returns400NamingIt()
    {
        using var ops = fixture.Client(ApiKeyFixture.Ops);

        await MailrClient.AssertErrorAsync(await ops.GetAsync("/suppressions?key=gamma"), HttpStatusCode.BadRequest, "'gamma'");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task NonOperator_KeyParameter_Returns403(string method, string path)
    {
        var response = await Alpha.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"{path}?key=beta"));

        await MailrClient.AssertErrorAsync(response, HttpStatusCode.Forbidden, "'key'");
        Assert.Null(await fixture.List.GetAsync("beta", "jay@example.com"));
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Call_NoKey_Returns401WithBearerChallenge(string method, string path)
    {
        var response = await fixture.Client(null).SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await MailrClient.AssertErrorAsync(response, HttpStatusCode.Unauthorized, "Authorization: Bearer");
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task Call_OverRequestsPerSecond_Returns429()
    {
        using var client = fixture.Client(LimitedKeys.Secret("limited"));

        var allowed = new[] { await client.GetAsync("/suppressions"), await client.PutAsync(Path(NewEmail()), null) };
        var refused = await client.DeleteAsync(Path(NewEmail()));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Created], allowed.Select(r => r.StatusCode));
        await MailrClient.AssertErrorAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    private HttpClient Alpha => fixture.Client(ApiKeyFixture.Alpha);

    private HttpClient Beta => fixture.Client(ApiKeyFixture.Beta);

    private static string NewEmail() => $"r-{Guid.NewGuid():N}@example.com";

    private static string Path(string email) => $"/suppressions/{Uri.EscapeDataString(email)}";

    private static List<string?> Emails(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("email").GetString())];
}
