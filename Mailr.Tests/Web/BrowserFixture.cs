using Microsoft.Playwright;

namespace Mailr.Tests.Web;

/// <summary>One headless Debian chromium for the web tests, and one Mailr on a real port with the Pickup provider.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public static readonly string ScreenshotDirectory = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public MailrWebServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(15_000);
        Directory.CreateDirectory(ScreenshotDirectory);
        Server = new MailrWebServer();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh page (its own cookies and storage) at <paramref name="server"/>'s root, or the shared server's.</summary>
    public async Task<IPage> OpenAsync(MailrWebServer? server = null, int width = 1100, int height = 900)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = (server ?? Server).BaseAddress.ToString(),
            ViewportSize = new() { Width = width, Height = height },
            Permissions = ["clipboard-read", "clipboard-write"],
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        return page;
    }

    /// <summary>A text field by its accessible name (the visible "(required)" marks are hidden from it).</summary>
    public static ILocator Field(IPage page, string name) => page.GetByRole(AriaRole.Textbox, new() { Name = name, Exact = true });

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, $"{name}.png"), FullPage = true });

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright?.Dispose();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
