using Mailr.Api;
using Mailr.Api.Auth;
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

    [Theory]
    [InlineData("GET", "/providers")]
    [InlineData("POST", "/providers/Pickup/disable")]
    [InlineData("POST", "/providers/Pickup/enable")]
    public async Task Providers_SenderKey403_NoKey401(string method, string path)
    {
        var sender = await fixture.Client(ApiKeyFixture.Beta).SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var none = await fixture.Client(null).SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Forbidden, sender.StatusCode);
        Assert.Contains("operator", await MessageAsync(sender));
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
    }

    [Fact]
    public async Task Providers_OperatorKey_ListedAndSteered()
    {
        var client = fixture.Client(ApiKeyFixture.Ops);

        var list = await client.GetAsync("/providers");
        var enable = await client.PostAsync("/providers/Pickup/enable", null);
        var unknown = await client.PostAsync("/providers/nope/disable", null);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal("Pickup", (await Json.ReadAsync(list))[0].GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, enable.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private Task<string> SendAsync(string key) => fixture.Client(key).PostMessageAsync(s_message);

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method == "POST" ? new StringContent(path == "/messages" ? System.Text.Json.JsonSerializer.Serialize(s_message) : """{"id":"GnLB-V-y822qMUYbN-Pc7w","email":"a@example.com"}""", Encoding.UTF8, "application/json") : null,
    };

    private static async Task<string> MessageAsync(HttpResponseMessage response) =>
        (await Json.ReadAsync(response)).GetProperty("message").GetString()!;
}

public sealed class NewApiKeyTests
{
    [Fact]
    public async Task NewApiKey_PrintedKeyAndHash_AuthenticateAgainstAHostConfiguredWithThem()
    {
        var output = new StringWriter();

        Assert.True(NewApiKey.TryRun(["new-api-key", "billing"], output));

        var lines = output.ToString().Split('\n', StringSplitOptions.TrimEntries);
        var key = lines.Single(l => l.StartsWith("key ")).Split(": ")[1];
        var sha256 = lines.Single(l => l.StartsWith("sha256: "))["sha256: ".Length..];
        Assert.Contains("Mailr__ApiKeys__0__Name=billing", lines);
        Assert.Equal(ApiKeyFixture.Sha256(key), sha256);
        await using var factory = new MailrApiFactory(new Dictionary<string, string?> { ["Mailr:ApiKeys:0:Name"] = "billing", ["Mailr:ApiKeys:0:Sha256"] = sha256 });
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        var response = await client.PostAsync("/messages", Json.Body(Json.SampleRequest()));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public void NewApiKey_TwoKeys_Differ()
    {
        Assert.NotEqual(NewApiKey.Create().Key, NewApiKey.Create().Key);
    }

    [Fact]
    public void TryRun_OtherArguments_DoesNothing()
    {
        var output = new StringWriter();

        Assert.False(NewApiKey.TryRun(["--urls", "http://localhost:5080"], output));
        Assert.Equal("", output.ToString());
    }
}

public sealed class ApiKeysValidatorTests
{
    [Theory]
    [InlineData("Name", "", "Mailr:ApiKeys:0:Name is required")]
    [InlineData("Sha256", "ABCDEF", "Mailr:ApiKeys:0:Sha256")]
    [InlineData("Sha256", "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", "Mailr:ApiKeys:0:Sha256")]
    [InlineData("Senders:0", "not a domain", "Mailr:ApiKeys:0:Senders:0")]
    public void Validate_BadKey_NamesThePath(string field, string value, string expected)
    {
        var options = new MailrApiOptions { ApiKeys = [new ApiKeyOptions { Name = "a", Sha256 = new string('a', 64) }] };
        var key = options.ApiKeys[0];
        switch (field)
        {
            case "Name": key.Name = value; break;
            case "Sha256": key.Sha256 = value; break;
            default: key.Senders.Add(value); break;
        }

        var result = new MailrApiOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage);
    }

    [Fact]
    public void Validate_SameNameTwice_Fails()
    {
        var options = new MailrApiOptions { ApiKeys = [new() { Name = "a", Sha256 = new string('a', 64) }, new() { Name = "A", Sha256 = new string('b', 64) }] };

        Assert.Contains("Mailr:ApiKeys:1:Name", new MailrApiOptionsValidator().Validate(null, options).FailureMessage);
    }
}
