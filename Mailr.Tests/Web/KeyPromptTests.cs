using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mailr.Tests.Web;

[Collection(BrowserCollection.Name), Trait("Category", "Processes")]
public sealed class KeyPromptTests(BrowserFixture fixture)
{
    private const string Key = "mk_page_key_0123456789abcdefghijklmnopqrst";
    private const string OtherKey = "mk_other_key_9876543210zyxwvutsrqponmlkji";

    [Fact]
    public async Task Send_KeyedMailr_AsksForKeyOnceKeepsItForTheTabAndForgetsOnRequest()
    {
        await using var server = KeyedServer();
        var page = await fixture.OpenAsync(server);
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "API key" });

        await FillMessageAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByLabel("Key").FillAsync("mk_wrong");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Use this key" }).ClickAsync();
        await Expect(dialog.GetByText("That key was not accepted.")).ToBeVisibleAsync();
        await dialog.GetByLabel("Key").FillAsync(Key);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Use this key" }).ClickAsync();

        await Expect(page.Locator("#sent-progress")).ToHaveTextAsync("Done: every recipient is finished. 1 sent, 0 failed.");
        await Expect(dialog).ToBeHiddenAsync();
        Assert.Equal(Key, await page.EvaluateAsync<string>("sessionStorage.getItem('mailr.key')"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Forget the API key" }).ClickAsync();
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('mailr.key')"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Forget the API key" })).ToBeHiddenAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Lookup_MessageOfAnotherKey_ShownAsNotFound()
    {
        await using var server = KeyedServer();
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", OtherKey);
        var sent = await client.PostAsync("/messages", Json.Body(new { from = "amit@example.com", to = new[] { "jay@example.com" }, subject = "Theirs", text = "Hi" }));
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var id = await Json.IdAsync(sent);
        await server.Recorder.WaitFinishedAsync(id);
        var page = await fixture.OpenAsync(server);
        await page.EvaluateAsync($"sessionStorage.setItem('mailr.key', '{Key}')");

        await BrowserFixture.Field(page, "Message id").FillAsync(id);
        await BrowserFixture.Field(page, "Recipient").FillAsync("jay@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check status" }).ClickAsync();

        await Expect(page.Locator("#lookup-result")).ToHaveTextAsync("No message with this id was sent to this recipient. The id may be mistyped, or the record may have expired (records last 24 hours).");
        await page.Context.CloseAsync();
    }

    private static MailrWebServer KeyedServer() => new(new Dictionary<string, string?>
    {
        ["Mailr:ApiKeys:0:Name"] = "page",
        ["Mailr:ApiKeys:0:Sha256"] = Auth.ApiKeyFixture.Sha256(Key),
        ["Mailr:ApiKeys:1:Name"] = "other",
        ["Mailr:ApiKeys:1:Sha256"] = Auth.ApiKeyFixture.Sha256(OtherKey),
    });

    private static async Task FillMessageAsync(IPage page)
    {
        await BrowserFixture.Field(page, "From").FillAsync("amit@example.com");
        await BrowserFixture.Field(page, "To").FillAsync("nishant@example.com");
        await BrowserFixture.Field(page, "Subject").FillAsync("Keyed");
        await BrowserFixture.Field(page, "Text").FillAsync("Hi");
    }
}
