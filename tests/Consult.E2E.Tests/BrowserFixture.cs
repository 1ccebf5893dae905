using Consult.Server.Tests.Fixtures;
using Microsoft.Playwright;

namespace Consult.E2E.Tests;

/// <summary>The server on a loopback port and Debian's Chromium driven by Playwright (nothing downloaded).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string CentreName = "示范县政务服务中心";
    public const string CentrePhone = "0571-8888 1234";
    public const long MaxMaterialBytes = 2 * 1024 * 1024;

    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "consult-e2e-" + Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;

    /// <summary>The run's fixture (one collection): <see cref="ClosePagesAfterTestAttribute"/> closes its pages after each test.</summary>
    public static BrowserFixture? Current { get; private set; }

    public LiveNode Node { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Screenshots land here (ignored by git): tests/Consult.E2E.Tests/bin/…/test-output.</summary>
    public string OutputFolder { get; } = Path.Combine(AppContext.BaseDirectory, "test-output");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(OutputFolder);
        Node = new LiveNode(_dataFolder, settings: new Dictionary<string, string>
        {
            ["Consult:Centre:Name"] = CentreName,
            ["Consult:Centre:Phone"] = CentrePhone,
            // A 2 MB upload limit: the oversize checks send a little over 2 MB through the browser, not 21.
            ["Consult:Materials:MaxBytes"] = MaxMaterialBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Calls keep their media on the loopback interface (Chromium also offers the machine's other addresses).
            ["Consult:Video:LoopbackCandidatesOnly"] = "true",
        });
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                // Calls: a fake camera and microphone, granted without asking, connected over loopback.
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection",
                "--disable-features=WebRtcHideLocalIpsWithMdns"],
        });
        Current = this;
    }

    /// <summary>Closes every open context (its pages end their circuits); a test's evidence is captured before.</summary>
    public async Task CloseContexts()
    {
        foreach (var context in Browser.Contexts.ToList())
            await context.CloseAsync();
    }

    public async Task DisposeAsync()
    {
        Current = null;
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        await Node.DisposeAsync();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A signed-in browser (its own context: its own cookies), on a desk-sized or phone-sized screen.</summary>
    /// <param name="at">The node to sign in on (another node of a cluster); null: <see cref="Node"/>.</param>
    public async Task<IPage> SignIn(string userName, bool phone = false, Uri? at = null)
    {
        var page = await NewPage(phone, at);
        await page.GotoAsync("/login");
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", LiveNode.Password);
        await page.ClickAsync("[data-testid=login-submit]");
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        await Ready(page);
        return page;
    }

    public async Task<IPage> NewPage(bool phone = false, Uri? at = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (at ?? Node.Address).ToString(),
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1366, Height = 768 },
            Locale = "zh-CN",
            IsMobile = phone,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        // Browser console errors (a broken circuit says why there) go next to the screenshots.
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
                File.AppendAllText(Path.Combine(OutputFolder, "console.log"), $"{page.Url}: {message.Text}\n");
        };
        return page;
    }

    /// <summary>Waits until the Blazor circuit is interactive.</summary>
    public static Task Ready(IPage page) =>
        page.Locator("[data-testid=circuit-ready]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>Every open page, for a failing test's evidence.</summary>
    public async Task CaptureAll(string prefix)
    {
        var index = 0;
        foreach (var page in Browser.Contexts.SelectMany(c => c.Pages))
            await Screenshot(page, $"{prefix}-{index++}");
    }

    public async Task Screenshot(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(OutputFolder, name + ".png"), FullPage = true });
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
