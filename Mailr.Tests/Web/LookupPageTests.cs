using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mailr.Tests.Web;

[Collection(BrowserCollection.Name), Trait("Category", "Processes")]
public sealed class LookupPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task CheckStatus_SentRecipient_ShowsSentAndWhatItMeans()
    {
        using var client = fixture.Server.CreateClient();
        var id = await client.PostMessageAsync();
        await fixture.Server.Recorder.WaitFinishedAsync(id);
        var page = await fixture.OpenAsync();

        await Field(page, "Message id").FillAsync(id);
        await Field(page, "Recipient").FillAsync("Jay Patel <JAY@example.com>");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check status" }).ClickAsync();

        var result = page.Locator("#lookup-result");
        await Expect(result.Locator(".answer-line")).ToHaveTextAsync("Status: sent");
        await Expect(result.Locator(".answer > p").Nth(1)).ToHaveTextAsync("A provider accepted the message for this recipient.");
        await BrowserFixture.ScreenshotAsync(page, "04-status");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CheckStatus_UnknownId_SaysSoPlainly()
    {
        var page = await fixture.OpenAsync();

        await Field(page, "Message id").FillAsync(MessageId.New());
        await Field(page, "Recipient").FillAsync("jay@example.com");
        await Field(page, "Recipient").PressAsync("Enter");

        await Expect(page.Locator("#lookup-result")).ToHaveTextAsync(
            "No message with this id was sent to this recipient. The id may be mistyped, or the record may have expired (records last 24 hours).");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Story_FirstProviderUnavailable_ShowsTheFailoverWithoutProviderNames()
    {
        using var providers = new FailoverProviders();
        await using var server = new MailrWebServer(providers.Settings());
        var page = await fixture.OpenAsync(server);

        await Field(page, "From").FillAsync("amit@example.com");
        await Field(page, "To").FillAsync("nishant@example.com");
        await Field(page, "Bcc").FillAsync("Jay Patel <jay@example.com>");
        await Field(page, "Subject").FillAsync("Failover");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Expect(page.Locator("#recipients td.status")).ToHaveTextAsync(["sent", "sent"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Story for Jay Patel <jay@example.com>" }).ClickAsync();

        var steps = page.Locator("#lookup-result ol.story > li");
        await Expect(steps.Locator(".step-head strong")).ToHaveTextAsync(["Accepted", "Attempt 1", "Attempt 2", "Sent", "Record expires"]);
        await Expect(steps.Locator(".step-text")).ToHaveTextAsync([
            "Mailr recorded the message.",
            "The provider was unavailable, tried the next one.",
            "A provider accepted the message.",
            "A provider accepted the message for this recipient.",
            "The record deletes itself; after this, lookups find nothing.",
        ]);
        await Expect(page.Locator("#lookup-result")).ToBeFocusedAsync();
        await Expect(Field(page, "Recipient")).ToHaveValueAsync("Jay Patel <jay@example.com>");
        var text = await page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain("mailgun", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("pickup", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("mg.example.com", text, StringComparison.OrdinalIgnoreCase);
        await page.Locator("#lookup").ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(page, "05-story-failover");
        await page.Context.CloseAsync();
    }

    private static ILocator Field(IPage page, string name) => BrowserFixture.Field(page, name);

}
