using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mailr.Tests.Web;

[Collection(BrowserCollection.Name), Trait("Category", "Processes")]
public sealed class RichSendPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Send_HtmlWithTwoAttachments_ProviderGetsHtmlTextAndFiles()
    {
        var calls = new CallLog();
        var provider = new ScriptedEmailProvider("primary", calls);
        await using var server = new MailrWebServer(services: s => s.AddSingleton(new ProviderRegistry([new(provider, TimeSpan.FromSeconds(5))])));
        var page = await fixture.OpenAsync(server);

        await BrowserFixture.Field(page, "From").FillAsync("amit@example.com");
        await BrowserFixture.Field(page, "To").FillAsync("nishant@example.com");
        await BrowserFixture.Field(page, "Subject").FillAsync("Report");
        await BrowserFixture.Field(page, "Text").FillAsync("See attached");
        await page.GetByLabel("HTML").FillAsync("<p>See <b>attached</b></p>");
        await page.GetByLabel("Attachments").SetInputFilesAsync(
        [
            new FilePayload { Name = "report.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.7 mailr"u8.ToArray() },
            new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("Grüße") },
        ]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Expect(page.Locator("#sent-progress")).ToHaveTextAsync("Done: every recipient is finished. 1 sent, 0 failed.");
        var id = (await page.Locator("#sent-id").TextContentAsync())!;
        var email = Assert.Single(calls.For(id)).Email;
        Assert.Equal(("See attached", "<p>See <b>attached</b></p>"), (email.Content.Text, email.Content.Html));
        Assert.Equal(["report.pdf", "notes.txt"], email.Content.Attachments.Select(a => a.FileName));
        Assert.Equal(["application/pdf", "text/plain"], email.Content.Attachments.Select(a => a.ContentType));
        Assert.Equal("%PDF-1.7 mailr"u8.ToArray(), email.Content.Attachments[0].Content);
        Assert.Equal("Grüße", Encoding.UTF8.GetString(email.Content.Attachments[1].Content));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Send_AttachmentsOverLimit_ErrorShownAtAttachments()
    {
        await using var server = new MailrWebServer(new Dictionary<string, string?> { ["Mailr:Limits:MaxAttachmentBytes"] = "4" });
        var page = await fixture.OpenAsync(server);

        await BrowserFixture.Field(page, "From").FillAsync("amit@example.com");
        await BrowserFixture.Field(page, "To").FillAsync("nishant@example.com");
        await page.GetByLabel("Attachments").SetInputFilesAsync(new FilePayload { Name = "big.bin", MimeType = "application/octet-stream", Buffer = new byte[5] });
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Expect(page.Locator("#attachments-error")).ToContainTextAsync("MaxAttachmentBytes");
        await Expect(page.GetByLabel("Attachments")).ToBeFocusedAsync();
        await page.Context.CloseAsync();
    }
}
