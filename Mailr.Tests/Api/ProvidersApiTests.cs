using System.Net;
using System.Text.Json;

namespace Mailr.Tests.Api;

/// <summary>Two Pickup providers, each writing into its own folder, behind the operator endpoints.</summary>
public sealed class ProvidersApiFixture : IAsyncLifetime
{
    public string First { get; } = Directory.CreateTempSubdirectory("mailr-first-").FullName;

    public string Second { get; } = Directory.CreateTempSubdirectory("mailr-second-").FullName;

    public MailrApiFactory Factory { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Factory = new(new Dictionary<string, string?>
        {
            ["Mailr:Providers:0:Name"] = "first-pickup",
            ["Mailr:Providers:0:Directory"] = First,
            ["Mailr:Providers:1:Type"] = "Pickup",
            ["Mailr:Providers:1:Name"] = "second-pickup",
            ["Mailr:Providers:1:Directory"] = Second,
            ["Mailr:Providers:1:Weight"] = "3",
        });
        Client = Factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        Directory.Delete(First, recursive: true);
        Directory.Delete(Second, recursive: true);
    }
}

public sealed class ProvidersApiTests(ProvidersApiFixture fixture) : IClassFixture<ProvidersApiFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task GetProviders_Configured_EachWithTypeStateAndPlace()
    {
        var response = await Client.GetAsync("/providers");
        var body = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var providers = body.EnumerateArray().ToList();
        Assert.Equal(["first-pickup", "second-pickup"], providers.Select(p => p.GetProperty("name").GetString()));
        Assert.All(providers, p => Assert.Equal("Pickup", p.GetProperty("type").GetString()));
        Assert.All(providers, p => Assert.Equal("closed", p.GetProperty("state").GetString()));
        Assert.All(providers, p => Assert.Equal(JsonValueKind.String, p.GetProperty("since").ValueKind));
        Assert.Equal([0, 1], providers.Select(p => p.GetProperty("priority").GetInt32()));
        Assert.Equal([1, 3], providers.Select(p => p.GetProperty("weight").GetInt32()));
    }

    [Fact]
    public async Task Disable_First_MessagesGoToSecondUntilEnabled()
    {
        var disabled = await Client.PostAsync("/providers/first-pickup/disable", null);
        var listed = await Json.ReadAsync(await Client.GetAsync("/providers"));
        var whileDisabled = await SendAsync();
        var enabled = await Client.PostAsync("/providers/first-pickup/enable", null);
        var afterEnabled = await SendAsync();

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal("disabled", (await Json.ReadAsync(disabled)).GetProperty("state").GetString());
        Assert.Equal("disabled", listed[0].GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.Equal("closed", (await Json.ReadAsync(enabled)).GetProperty("state").GetString());
        Assert.Equal("second-pickup", whileDisabled);
        Assert.Equal("first-pickup", afterEnabled);
    }

    [Theory]
    [InlineData("/providers/nope/disable")]
    [InlineData("/providers/nope/enable")]
    [InlineData("/providers/FIRST-PICKUP/disable")]
    public async Task DisableOrEnable_UnknownName_404WithMessage(string path)
    {
        var response = await Client.PostAsync(path, null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No provider", (await Json.ReadAsync(response)).GetProperty("message").GetString());
    }

    /// <summary>Sends one message and answers which provider's folder it landed in (the API itself never says).</summary>
    private async Task<string> SendAsync()
    {
        var response = await Client.PostAsync("/messages", Json.Body(new
        {
            from = "ops@example.com",
            to = new[] { "r@example.com" },
            subject = "which provider",
            text = "hello",
        }));
        var id = await Json.IdAsync(response);
        await fixture.Factory.Recorder.WaitFinishedAsync(id);
        var story = await (await Client.PostAsync("/story", Json.Body(new { id, email = "r@example.com" }))).Content.ReadAsStringAsync();
        Assert.DoesNotContain("-pickup", story);
        return File.Exists(Path.Combine(fixture.First, $"{id}.eml")) ? "first-pickup"
            : File.Exists(Path.Combine(fixture.Second, $"{id}.eml")) ? "second-pickup" : "neither";
    }
}
