using System.Net;
using System.Text;

namespace Mailr.Tests.Auth;

[Collection(ApiKeyCollection.Name)]
public sealed class ApiKeyTests(ApiKeyFixture fixture)
{
    private static readonly object s_message = new { from = "amit@example.com", to = new[] { "nishant@example.com" }, subject = "Hello", text = "Hi" };

    public static TheoryData<string, string> Endpoints => new()
    {
        { "POST", "/messages" },
        { "GET", "/messages/GnLB-V-y822qMUYbN-Pc7w" },
        { "POST", "/status" },
        { "POST", "/story" },
    };

    public static TheoryData<string> BadAuthorizations => new()
    {
        "Basic YWxwaGE6c2VjcmV0",
        "Bearer",
        "Bearer ",
        "Bearer\t",
        "Bearerx " + ApiKeyFixture.Alpha,
        ApiKeyFixture.Alpha,
        "Bearer " + ApiKeyFixture.Alpha.ToUpperInvariant(),
        "Bearer " + ApiKeyFixture.Alpha[..^1],
        "Bearer " + ApiKeyFixture.Alpha + "x",
        "Bearer " + ApiKeyFixture.Alpha + " extra",
        "Bearer " + ApiKeyFixture.Alpha.Insert(5, "\u0001"),
        "Bearer " + ApiKeyFixture.Alpha.Insert(5, "\u007f"),
        "Bearer " + ApiKeyFixture.Alpha.Insert(5, "é"),
        "Bearer " + new string('k', 100_000),
        "Bearer " + ApiKeyFixture.Sha256(ApiKeyFixture.Alpha),
    };

    public static TheoryData<string> GoodAuthorizations => new()
    {
        "Bearer " + ApiKeyFixture.Alpha,
        "bearer " + ApiKeyFixture.Alpha,
        "BEARER " + ApiKeyFixture.Alpha,
        "Bearer   " + ApiKeyFixture.Alpha,
        "  Bearer " + ApiKeyFixture.Alpha + "  ",
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Call_NoKey_Returns401WithBearerChallenge(string method, string path)
    {
        var response = await fixture.Client(null).SendAsync(Request(method, path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Contains("Authorization: Bearer", await MessageAsync(response));
    }

    [Theory]
    [MemberData(nameof(BadAuthorizations))]
    public async Task Send_BadAuthorization_Returns401AndRecordsNothing(string authorization)
    {
        var accepted = fixture.Factory.Recorder.AcceptedCount;
        var request = Request("POST", "/messages");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        var response = await fixture.Client(null).SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.NotEmpty(await MessageAsync(response));
        Assert.Equal(accepted, fixture.Factory.Recorder.AcceptedCount);
    }

    [Theory]
    [MemberData(nameof(GoodAuthorizations))]
    public async Task Send_KeyWithAnySchemeCaseOrSpacing_Returns202(string authorization)
    {
        var request = Request("POST", "/messages");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        var response = await fixture.Client(null).SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Send_TwoAuthorizationHeaders_Returns401()
    {
        var request = Request("POST", "/messages");
        request.Headers.TryAddWithoutValidation("Authorization", ["Bearer " + ApiKeyFixture.Alpha, "Bearer " + ApiKeyFixture.Beta]);

        var response = await fixture.Client(null).SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Lookups_AnotherKeysMessage_SameAs404ForUnknownId()
    {
        var id = await SendAsync(ApiKeyFixture.Alpha);
        await fixture.Factory.Recorder.WaitFinishedAsync(id);
        var owner = fixture.Client(ApiKeyFixture.Alpha);
        var stranger = fixture.Client(ApiKeyFixture.Beta);
        var lookup = new { id, email = "nishant@example.com" };
        var unknown = new { id = "GnLB-V-y822qMUYbN-Pc7w", email = "nishant@example.com" };

        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsync("/status", Json.Body(lookup))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsync("/story", Json.Body(lookup))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/messages/{id}")).StatusCode);
        foreach (var (theirs, none) in new[]
        {
            (await stranger.PostAsync("/status", Json.Body(lookup)), await stranger.PostAsync("/status", Json.Body(unknown))),
            (await stranger.PostAsync("/story", Json.Body(lookup)), await stranger.PostAsync("/story", Json.Body(unknown))),
            (await stranger.GetAsync($"/messages/{id}"), await stranger.GetAsync("/messages/GnLB-V-y822qMUYbN-Pc7w")),
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
            Assert.Equal(await none.Content.ReadAsStringAsync(), await theirs.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [InlineData("amit@example.com")]
    [InlineData("Amit <AMIT@Example.COM>")]
    [InlineData("billing@other.example")]
    public async Task Send_SenderOnTheKeysList_Returns202(string from)
    {
        var response = await fixture.Client(ApiKeyFixture.Alpha).PostAsync("/messages", Json.Body(new { from, to = new[] { "nishant@example.com" }, subject = "Hello", text = "Hi" }));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("amit@other.example")]
    [InlineData("amit@sub.example.com")]
    [InlineData("amit@example.com.evil.example")]
    [InlineData("Example <amit@examplecom.example>")]
    public async Task Send_SenderOffTheKeysList_Returns403NamingItAndRecordsNothing(string from)
    {
        var accepted = fixture.Factory.Recorder.AcceptedCount;

        var response = await fixture.Client(ApiKeyFixture.Alpha).PostAsync("/messages", Json.Body(new { from, to = new[] { "nishant@example.com" }, subject = "Hello", text = "Hi" }));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(MailboxParser.TryParse(from, out var mailbox) ? mailbox.Address : from, await MessageAsync(response));
        Assert.Equal(accepted, fixture.Factory.Recorder.AcceptedCount);
    }

    [Fact]
    public async Task Send_KeyWithoutSenders_AnySender202()
    {
        var response = await fixture.Client(ApiKeyFixture.Beta).PostAsync("/messages", Json.Body(new { from = "someone@anywhere.example", to = new[] { "nishant@example.com" }, subject = "Hello", text = "Hi" }));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/metrics")]
    [InlineData("/")]
    public async Task Probes_NoKey_StayOpen(string path)
    {
        var response = await fixture.Client(null).GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Dashboard_SenderKey403_OperatorKeyServed_NoKey401()
    {
        var sender = await fixture.Client(ApiKeyFixture.Beta).GetAsync("/dashboard/");
        var none = await fixture.Client(null).GetAsync("/dashboard/");
        var operatorKey = await fixture.Client(ApiKeyFixture.Ops).GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.Forbidden, sender.StatusCode);
        Assert.Contains("operator", await MessageAsync(sender));
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.OK, operatorKey.StatusCode);
    }

    private async Task<string> SendAsync(string key)
    {
        var response = await fixture.Client(key).PostAsync("/messages", Json.Body(s_message));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await Json.ReadAsync(response)).GetProperty("id").GetString()!;
    }

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method == "POST" ? new StringContent(path == "/messages" ? System.Text.Json.JsonSerializer.Serialize(s_message) : """{"id":"GnLB-V-y822qMUYbN-Pc7w","email":"a@example.com"}""", Encoding.UTF8, "application/json") : null,
    };

    private static async Task<string> MessageAsync(HttpResponseMessage response) =>
        (await Json.ReadAsync(response)).GetProperty("message").GetString()!;
}
