using Microsoft.Playwright;

namespace SseGen.EndToEndTests;

/// <summary>
/// Debian's Chromium (/usr/bin/chromium), headless, driven by Playwright. Playwright's own browser
/// download is never used: it is only handed the executable. Each launch gets a fresh temporary
/// profile (Playwright's user data dir), deleted when the browser closes.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed at {ChromiumPath}; the browser tests need it. Install it with " +
                "`apt-get update && apt-get install -y chromium`, or run the tests with `bash test.sh`, which installs what they need.");
        }

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            ChromiumSandbox = false,
            Timeout = 30_000,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
    }
}
