using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Mailr.Tests.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Mailr.Tests.Contract;

/// <summary>Real answers of the API checked against <c>/openapi/v1.json</c>, so the document and the code cannot drift apart.</summary>
[Collection(ContractCollection.Name)]
public sealed class OpenApiContractTests(ContractFixture fixture)
{
    private const string Valid = """{"from":"Amit <amit@example.com>","to":["nishant@example.com"],"subject":"Hello","text":"Hi"}""";
    private const string Lookup = """{"id":"{accepted}","email":"nishant@example.com"}""";
    private const string UnknownLookup = """{"id":"AAAAAAAAAAAAAAAAAAAAAA","email":"nishant@example.com"}""";

    /// <summary>Routes that are operations, not the API: health, metrics, the dashboard, and the document and its reference.</summary>
    private static readonly string[] s_undocumentedPrefixes = ["/dashboard", "/health", "/metrics", "/openapi", "/scalar"];

    /// <summary>Documented answers no case below provokes, each with the reason.</summary>
    private static readonly Dictionary<string, string> s_notProvoked = new()
    {
        ["* 429"] = "RequestsPerSecond is one policy on the root group (RateLimitTests); POST /messages 429 is provoked here through RecipientsPerDay",
        ["* 500"] = "a fault in Mailr itself; FailureAnswerTests pins how the exception handler tells it from a 503",
        ["get /messages/{id} 503"] = "the same exception handler as POST /messages 503",
        ["post /status 503"] = "the same exception handler as POST /messages 503",
        ["post /story 503"] = "the same exception handler as POST /messages 503",
        ["get /providers 503"] = "the same exception handler as POST /messages 503",
        ["post /providers/{name}/disable 503"] = "the same exception handler as POST /messages 503",
        ["post /providers/{name}/enable 503"] = "the same exception handler as POST /messages 503",
        ["post /webhooks/{name} 503"] = "the same exception handler as POST /messages 503; RedisWebhookTests provokes it with Redis down",
        ["get /suppressions 503"] = "the same exception handler as POST /messages 503 (SuppressionStoreDownTests provokes it)",
        ["get /suppressions/{email} 503"] = "the same exception handler as POST /messages 503 (SuppressionStoreDownTests provokes it)",
        ["put /suppressions/{email} 503"] = "the same exception handler as POST /messages 503 (SuppressionStoreDownTests provokes it)",
        ["delete /suppressions/{email} 503"] = "the same exception handler as POST /messages 503 (SuppressionStoreDownTests provokes it)",
    };

    private const string PostmarkDelivery = """{"RecordType":"Delivery","ServerId":23,"MessageID":"883953f4-6105-42a2-a16a-77a8eac79483","Recipient":"recipient@example.com","Metadata":{"mailr_message_id":"AAAAAAAAAAAAAAAAAAAAAA"},"DeliveredAt":"2026-12-08T13:28:10Z"}""";

    private static readonly ContractCase[] s_cases =
    [
        new("send", "post", "/messages", 202, Body: Valid),
        new("send-replayed", "post", "/messages", 202, Body: Valid, IdempotencyKey: "contract-replay", Prime: Valid),
        new("send-wrong-type", "post", "/messages", 400, Body: """{"from":"amit@example.com","to":"nishant@example.com","subject":"Hello","text":"Hi"}"""),
        new("send-invalid-emails", "post", "/messages", 400, Body: """{"from":"amit@example.com","to":["not an address"],"subject":"Hello","text":"Hi"}"""),
        new("send-no-key", "post", "/messages", 401, Body: Valid, Key: null),
        new("send-foreign-sender", "post", "/messages", 403, Body: """{"from":"amit@other.example","to":["nishant@example.com"],"subject":"Hello","text":"Hi"}""", Key: ApiKeyFixture.Alpha),
        new("send-pending", "post", "/messages", 409, Body: Valid, IdempotencyKey: ContractFixture.PendingKey),
        new("send-too-many", "post", "/messages", 413, Body: """{"from":"amit@example.com","to":["a@example.com","b@example.com","c@example.com","d@example.com"],"subject":"Hello","text":"Hi"}"""),
        new("send-not-json", "post", "/messages", 415, Body: Valid, ContentType: "text/plain"),
        new("send-key-reused", "post", "/messages", 422, Body: Valid, IdempotencyKey: "contract-reused", Prime: Valid.Replace("Hello", "Other")),
        new("send-storage-down", "post", "/messages", 503, Body: Valid, IdempotencyKey: ContractFixture.FailingKey),
        new("send-over-limit", "post", "/messages", 429, Body: """{"from":"amit@example.com","to":["a@example.com","b@example.com"],"subject":"Hello","text":"Hi"}""", Key: ApiKeyFixture.Ops),
        new("summary", "get", "/messages/{id}", 200, Url: "/messages/{accepted}"),
        new("summary-unknown", "get", "/messages/{id}", 404, Url: "/messages/AAAAAAAAAAAAAAAAAAAAAA"),
        new("summary-no-key", "get", "/messages/{id}", 401, Url: "/messages/{accepted}", Key: null),
        .. LookupCases("/status"),
        .. LookupCases("/story"),
        new("providers", "get", "/providers", 200, Key: ApiKeyFixture.Ops),
        new("providers-not-operator", "get", "/providers", 403),
        new("providers-no-key", "get", "/providers", 401, Key: null),
        .. ProviderSwitchCases("disable"),
        .. ProviderSwitchCases("enable"),
        .. WebhookCases(),
        new("suppressions", "get", "/suppressions", 200, Url: "/suppressions?limit=10"),
        new("suppressions-bad-limit", "get", "/suppressions", 400, Url: "/suppressions?limit=0"),
        new("suppressions-foreign-key", "get", "/suppressions", 403, Url: "/suppressions?key=alpha"),
        new("suppressions-no-key", "get", "/suppressions", 401, Url: "/suppressions", Key: null),
        .. SuppressionCases("get", ContractFixture.ListedEmail, 200),
        new("suppression-get-unknown", "get", SuppressionRoute, 404, Url: "/suppressions/nobody%40example.com"),
        .. SuppressionCases("put", "fresh@example.com", 201, body: "{}"),
        new("suppression-put-existing", "put", SuppressionRoute, 200, Url: $"/suppressions/{Uri.EscapeDataString(ContractFixture.ListedEmail)}"),
        new("suppression-put-bad-body", "put", SuppressionRoute, 400, Body: """{"reason":"bounced"}""", Url: "/suppressions/other%40example.com"),
        new("suppression-put-too-large", "put", SuppressionRoute, 413, Body: $$"""{"x":"{{new string('a', ContractFixture.MaxBodyBytes)}}"}""", Url: "/suppressions/other%40example.com"),
        new("suppression-put-not-json", "put", SuppressionRoute, 415, Body: "{}", ContentType: "text/plain", Url: "/suppressions/other%40example.com"),
        .. SuppressionCases("delete", ContractFixture.RemovableEmail, 204),
        new("suppression-delete-unknown", "delete", SuppressionRoute, 404, Url: "/suppressions/nobody%40example.com"),
    ];

    private const string SuppressionRoute = "/suppressions/{email}";

    public static TheoryData<string> Cases => [.. s_cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Answer_MatchesDocumentedResponse(string name)
    {
        var c = s_cases.Single(x => x.Name == name);
        var client = fixture.Client(c.Key);
        var accepted = await AcceptAsync();
        if (c.Prime is not null)
        {
            Assert.Equal(202, (int)(await client.SendAsync(Request(c with { Body = c.Prime }, accepted))).StatusCode);
        }

        var response = await client.SendAsync(Request(c, accepted));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(c.Status == (int)response.StatusCode, $"{c.Name}: expected {c.Status}, got {(int)response.StatusCode}: {body}");
        var documented = Operation(c)["responses"]?[c.Status.ToString()]?.AsObject();
        Assert.True(documented is not null, $"{c.Method.ToUpperInvariant()} {c.Route} answered {c.Status}, which the document does not list");
        await AssertBodyMatchesAsync(c, documented, response, body);
        AssertHeadersDocumented(c, documented, response);
        if (c.Prime is not null && c.Status == 202)
        {
            Assert.Equal("true", Assert.Single(response.Headers.GetValues("Idempotent-Replayed")));
        }
    }

    [Fact]
    public async Task SentBodies_MatchDocumentedRequestSchemas()
    {
        foreach (var c in s_cases.Where(c => c.Status < 300 && c.Body is not null))
        {
            var schema = Operation(c)["requestBody"]?["content"]?["application/json"]?["schema"];
            Assert.True(schema is not null, $"{c.Method} {c.Route} takes a body the document does not describe");
            var errors = (await DocumentSchemas.ForAsync(fixture.Document, schema)).Validate(c.Body!.Replace("{accepted}", "AAAAAAAAAAAAAAAAAAAAAA"));
            Assert.True(errors.Count == 0, $"{c.Name}: the request does not match the document: {string.Join("; ", errors)}");
        }
    }

    [Fact]
    public void Document_ListsEveryApiRoute_AndNoOther()
    {
        var routes = fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Path: PathOf(e.RoutePattern), Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods))
            .Where(r => !s_undocumentedPrefixes.Any(p => r.Path.StartsWith(p, StringComparison.Ordinal)))
            .ToList();
        var served = routes.SelectMany(r => (r.Methods ?? ["*"]).Select(m => $"{m.ToLowerInvariant()} {r.Path}")).Order().ToList();
        var documented = Paths().SelectMany(p => p.Value!.AsObject().Select(m => $"{m.Key} {p.Key}")).Order().ToList();

        Assert.Contains("post /messages", served);
        Assert.Equal(served, documented);
    }

    [Fact]
    public void EveryDocumentedStatus_IsProvokedOrListed()
    {
        var provoked = s_cases.Select(c => $"{c.Method} {c.Route} {c.Status}").ToHashSet();
        var missing = Paths()
            .SelectMany(p => p.Value!.AsObject().SelectMany(m => m.Value!["responses"]!.AsObject().Select(r => $"{m.Key} {p.Key} {r.Key}")))
            .Where(s => !provoked.Contains(s) && !s_notProvoked.ContainsKey(s) && !s_notProvoked.ContainsKey("* " + s.Split(' ')[2]))
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Document_DescribesBearerAuthIdempotencyKeyAndStrictBodies()
    {
        var scheme = fixture.Document["components"]!["securitySchemes"]!["bearer"]!;
        var schemas = fixture.Document["components"]!["schemas"]!;
        var send = fixture.Document["paths"]!["/messages"]!["post"]!;

        Assert.Equal("3.1", fixture.Document["openapi"]!.GetValue<string>()[..3]);
        Assert.Equal(("http", "bearer"), (scheme["type"]!.GetValue<string>(), scheme["scheme"]!.GetValue<string>()));
        Assert.Contains(send["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "Idempotency-Key" && p["in"]!.GetValue<string>() == "header");
        Assert.All(Paths().SelectMany(p => p.Value!.AsObject()), m => Assert.NotNull(m.Value!["security"]));
        Assert.False(schemas["SendMessageRequest"]!["additionalProperties"]!.GetValue<bool>());
        Assert.False(schemas["SendMessageRequest"]!["properties"]!["attachments"]!["items"]!["additionalProperties"]!.GetValue<bool>());
        Assert.False(schemas["RecipientLookupRequest"]!["additionalProperties"]!.GetValue<bool>());
        Assert.False(schemas["AddSuppressionRequest"]!["additionalProperties"]!.GetValue<bool>());
        Assert.Equal(["bounced", "complained", "manual"], schemas["SuppressionReason"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public async Task Reference_IsServedWithoutKey()
    {
        var response = await fixture.Client(null).GetAsync("/scalar/");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("openapi/v1.json", await response.Content.ReadAsStringAsync());
    }

    private static IEnumerable<ContractCase> LookupCases(string route) =>
    [
        new(route[1..], "post", route, 200, Body: Lookup),
        new($"{route[1..]}-bad", "post", route, 400, Body: """{"id":42,"email":"nishant@example.com"}"""),
        new($"{route[1..]}-unknown", "post", route, 404, Body: UnknownLookup),
        new($"{route[1..]}-too-large", "post", route, 413, Body: $$"""{"id":"AAAAAAAAAAAAAAAAAAAAAA","email":"{{new string('a', ContractFixture.MaxBodyBytes)}}@example.com"}"""),
        new($"{route[1..]}-not-json", "post", route, 415, Body: UnknownLookup, ContentType: "text/plain"),
        new($"{route[1..]}-no-key", "post", route, 401, Body: Lookup, Key: null),
    ];

    private static IEnumerable<ContractCase> ProviderSwitchCases(string action) =>
    [
        new(action, "post", $"/providers/{{name}}/{action}", 200, Url: $"/providers/{ContractFixture.ProviderName}/{action}", Key: ApiKeyFixture.Ops),
        new($"{action}-unknown", "post", $"/providers/{{name}}/{action}", 404, Url: $"/providers/nobody/{action}", Key: ApiKeyFixture.Ops),
        new($"{action}-not-operator", "post", $"/providers/{{name}}/{action}", 403, Url: $"/providers/{ContractFixture.ProviderName}/{action}"),
        new($"{action}-no-key", "post", $"/providers/{{name}}/{action}", 401, Url: $"/providers/{ContractFixture.ProviderName}/{action}", Key: null),
    ];

    private static IEnumerable<ContractCase> WebhookCases() =>
    [
        new("webhook", "post", "/webhooks/{name}", 200, Body: PostmarkDelivery, Url: $"/webhooks/{ContractFixture.WebhookProvider}", Key: null, Basic: ContractFixture.WebhookCredentials),
        new("webhook-malformed", "post", "/webhooks/{name}", 400, Body: "[1,", Url: $"/webhooks/{ContractFixture.WebhookProvider}", Key: null, Basic: ContractFixture.WebhookCredentials),
        new("webhook-bad-credentials", "post", "/webhooks/{name}", 401, Body: PostmarkDelivery, Url: $"/webhooks/{ContractFixture.WebhookProvider}", Key: null, Basic: "hook:guess"),
        new("webhook-unknown", "post", "/webhooks/{name}", 404, Body: PostmarkDelivery, Url: "/webhooks/nobody", Key: null, Basic: ContractFixture.WebhookCredentials),
        new("webhook-too-large", "post", "/webhooks/{name}", 413, Body: $$"""{"RecordType":"Delivery","Details":"{{new string('a', 1024 * 1024)}}"}""", Url: $"/webhooks/{ContractFixture.WebhookProvider}", Key: null, Basic: ContractFixture.WebhookCredentials),
        new("webhook-check", "head", "/webhooks/{name}", 200, Url: $"/webhooks/{ContractFixture.WebhookProvider}", Key: null),
        new("webhook-check-unknown", "head", "/webhooks/{name}", 404, Url: $"/webhooks/{ContractFixture.ProviderName}", Key: null),
    ];

    private static IEnumerable<ContractCase> SuppressionCases(string method, string email, int status, string? body = null)
    {
        var url = $"/suppressions/{Uri.EscapeDataString(email)}";
        return
        [
            new($"suppression-{method}", method, SuppressionRoute, status, Body: body, Url: url),
            new($"suppression-{method}-bad-email", method, SuppressionRoute, 400, Url: "/suppressions/not-an-address"),
            new($"suppression-{method}-foreign-key", method, SuppressionRoute, 403, Url: url + "?key=alpha"),
            new($"suppression-{method}-no-key", method, SuppressionRoute, 401, Url: url, Key: null),
        ];
    }

    private async Task AssertBodyMatchesAsync(ContractCase c, JsonObject documented, HttpResponseMessage response, string body)
    {
        var schema = documented["content"]?["application/json"]?["schema"];
        if (schema is null)
        {
            Assert.True(body.Length == 0, $"{c.Name}: a body the document does not describe: {body}");
            return;
        }

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await DocumentSchemas.ForAsync(fixture.Document, schema)).Validate(body);
        Assert.True(errors.Count == 0, $"{c.Name}: the body does not match the document: {string.Join("; ", errors)} in {body}");
    }

    private static void AssertHeadersDocumented(ContractCase c, JsonObject documented, HttpResponseMessage response)
    {
        var names = documented["headers"]?.AsObject().Select(h => h.Key).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        foreach (var header in new[] { "Location", "Retry-After", "WWW-Authenticate", "Idempotent-Replayed" })
        {
            if (response.Headers.Contains(header))
            {
                Assert.True(names.Contains(header), $"{c.Name}: sends {header}, which the document does not list for {c.Status}");
            }
        }
    }

    private JsonObject Operation(ContractCase c)
    {
        var operation = fixture.Document["paths"]?[c.Route]?[c.Method];
        Assert.True(operation is not null, $"{c.Method.ToUpperInvariant()} {c.Route} is not in the document");
        return operation.AsObject();
    }

    private IEnumerable<KeyValuePair<string, JsonNode?>> Paths() => fixture.Document["paths"]!.AsObject();

    private Task<string> AcceptAsync() => fixture.Client(ApiKeyFixture.Beta).PostMessageAsync(Valid);

    private static HttpRequestMessage Request(ContractCase c, string accepted)
    {
        var request = new HttpRequestMessage(new HttpMethod(c.Method.ToUpperInvariant()), (c.Url ?? c.Route).Replace("{accepted}", accepted));
        if (c.Body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(c.Body.Replace("{accepted}", accepted)));
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(c.ContentType);
        }

        if (c.IdempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", c.IdempotencyKey);
        }

        if (c.Basic is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(c.Basic)));
        }

        return request;
    }

    private static string PathOf(RoutePattern pattern) =>
        "/" + string.Join("/", pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
            _ => p.ToString(),
        }))));

    private sealed record ContractCase(
        string Name,
        string Method,
        string Route,
        int Status,
        string? Body = null,
        string? Url = null,
        string? Key = ApiKeyFixture.Beta,
        string ContentType = "application/json",
        string? IdempotencyKey = null,
        string? Prime = null,
        string? Basic = null);
}
