using System.Net;

namespace Mailr.Tests.Web;

[Collection(ApiCollection.Name)]
public sealed class WebPageHttpTests(ApiFixture fixture)
{
    [Fact]
    public async Task GetRoot_Html_ServedWithStrictContentSecurityPolicy()
    {
        var response = await fixture.Client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("default-src 'self';", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("<script type=\"module\" src=\"app.js\"></script>", html);
        Assert.DoesNotContain("http", html.Replace("http-equiv", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetScript_EmbeddedAsset_ServedAsJavaScript()
    {
        var response = await fixture.Client.GetAsync("/addresses.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("export function splitAddresses", await response.Content.ReadAsStringAsync());
    }
}
