using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mailr.Tests.Web;

[Collection(BrowserCollection.Name), Trait("Category", "Processes")]
public sealed partial class SendPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Open_Root_FormShownAndEveryRequestServedByMailr()
    {
        var requests = new List<string>();
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.Server.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        page.Request += (_, request) => requests.Add(request.Url);

        await page.GotoAsync("/");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Send a message" })).ToBeVisibleAsync();
        await Expect(Field(page, "From")).ToBeEditableAsync();
        await Expect(Field(page, "Bcc")).ToBeEditableAsync();
        await BrowserFixture.ScreenshotAsync(page, "01-form");
        Assert.Equal(["/", "/addresses.js", "/api.js", "/app.css", "/app.js", "/key.js", "/lookup.js", "/send.js", "/tracking.js", "/words.js"],
            requests.Select(u => new Uri(u)).Select(u => u.AbsolutePath).Order(StringComparer.Ordinal));
        Assert.All(requests, u => Assert.StartsWith(fixture.Server.BaseAddress.ToString(), u));
        await context.CloseAsync();
    }

    [Fact]
    public async Task Send_ToCcBccWithNamesAndCommas_EveryRecipientReachesSent()
    {
        var page = await fixture.OpenAsync();

        await Field(page, "From").FillAsync("Amit Ruparel <amit@example.com>");
        await Field(page, "To").FillAsync("nishant@example.com");
        await Field(page, "Cc").FillAsync("deepak@example.com, \"Patel, Jay\" <jay@example.com>");
        await Field(page, "Bcc").FillAsync("Sagar <sagar@example.com>\nNISHANT@example.com");
        await Field(page, "Subject").FillAsync("Hello");
        await Field(page, "Text").FillAsync("Testing some Mailr awesomeness!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        var rows = page.Locator("#recipients tbody tr");
        await Expect(page.Locator("#sent-progress")).ToHaveTextAsync("Done: every recipient is finished. 4 sent, 0 failed.");
        await Expect(rows.Locator("td.address")).ToHaveTextAsync(["nishant@example.com", "deepak@example.com", "\"Patel, Jay\" <jay@example.com>", "Sagar <sagar@example.com>"]);
        await Expect(rows.Locator("td:nth-child(2)")).ToHaveTextAsync(["To", "Cc", "Cc", "Bcc"]);
        await Expect(rows.Locator("td.status")).ToHaveTextAsync(["sent", "sent", "sent", "sent"]);
        var id = await page.Locator("#sent-id").TextContentAsync();
        Assert.Matches(IdPattern(), id);
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy id" }).ClickAsync();
        await Expect(page.Locator("#copy-note")).ToHaveTextAsync("Copied");
        Assert.Equal(id, await page.EvaluateAsync<string>("navigator.clipboard.readText()"));
        await Expect(Field(page, "Cc")).ToHaveValueAsync("deepak@example.com, \"Patel, Jay\" <jay@example.com>");
        await BrowserFixture.ScreenshotAsync(page, "02-sent");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Send_InvalidAddresses_MarkedNextToTheirFieldsAndTypedTextKept()
    {
        var page = await fixture.OpenAsync();
        const string to = "nishant@example.com, not-an-address";
        const string bcc = "Jay Patel <jay@localhost>\nsagar@example.com";

        await Field(page, "From").FillAsync("amit@example.com");
        await Field(page, "To").FillAsync(to);
        await Field(page, "Bcc").FillAsync(bcc);
        await Field(page, "Subject").FillAsync("Hello");
        await Field(page, "Text").FillAsync("Keep me");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Expect(page.Locator("#to-error li")).ToHaveTextAsync(["not-an-address"]);
        await Expect(page.Locator("#bcc-error li")).ToHaveTextAsync(["Jay Patel <jay@localhost>"]);
        await Expect(Field(page, "To")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(Field(page, "Bcc")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(Field(page, "To")).ToBeFocusedAsync();
        await Expect(page.Locator("#from-error")).ToBeHiddenAsync();
        await Expect(page.Locator("#cc-error")).ToBeHiddenAsync();
        await Expect(page.Locator("#sent")).ToBeHiddenAsync();
        await Expect(page.Locator("#send-announce")).ToHaveTextAsync("The message was not sent. 2 addresses are not valid.");
        await Expect(Field(page, "To")).ToHaveValueAsync(to);
        await Expect(Field(page, "Bcc")).ToHaveValueAsync(bcc);
        await Expect(Field(page, "Text")).ToHaveValueAsync("Keep me");
        await BrowserFixture.ScreenshotAsync(page, "03-invalid");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Send_KeyboardOnly_TabAndEnterSendIt()
    {
        var page = await fixture.OpenAsync();
        var keyboard = page.Keyboard;

        foreach (var name in new[] { "Skip to the page", "Send", "Look up", "Statuses" })
        {
            await keyboard.PressAsync("Tab");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToBeFocusedAsync();
        }

        foreach (var (label, text) in new[] { ("From", "amit@example.com"), ("To", "nishant@example.com, deepak@example.com"), ("Cc", ""), ("Bcc", ""), ("Subject", "Typed"), ("Text", "No mouse") })
        {
            await keyboard.PressAsync("Tab");
            await Expect(Field(page, label)).ToBeFocusedAsync();
            await keyboard.TypeAsync(text);
        }

        await keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("HTML")).ToBeFocusedAsync();
        await keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Attachments")).ToBeFocusedAsync();
        await keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true })).ToBeFocusedAsync();
        await keyboard.PressAsync("Enter");
        
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Accepted" })).ToBeFocusedAsync();
        await Expect(page.Locator("#recipients td.status")).ToHaveTextAsync(["sent", "sent"]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Send_PhoneWidth_NoSidewaysScrolling()
    {
        var page = await fixture.OpenAsync(width: 375, height: 812);

        await Field(page, "From").FillAsync("Amit Ruparel <amit@example.com>");
        await Field(page, "To").FillAsync("\"Patel, Jay\" <jay.patel.with.a.long.address@example.com>, nishant@example.com");
        await Field(page, "Subject").FillAsync("From a phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Expect(page.Locator("#recipients td.status")).ToHaveTextAsync(["sent", "sent"]);
        Assert.Equal(375, await page.EvaluateAsync<int>("document.documentElement.scrollWidth"));
        await BrowserFixture.ScreenshotAsync(page, "06-phone");
        await page.Context.CloseAsync();
    }

    private static ILocator Field(IPage page, string name) => BrowserFixture.Field(page, name);

    [GeneratedRegex("^[A-Za-z0-9_-]{22}$")]
    private static partial Regex IdPattern();
}
