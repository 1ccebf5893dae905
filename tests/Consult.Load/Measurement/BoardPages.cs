using System.Diagnostics;
using Consult.Load.Baselines;
using HdrHistogram;
using Microsoft.Playwright;

namespace Consult.Load.Measurement;

/// <summary>
/// Blazor circuits under load: <c>--boards N</c> Chromium pages (Debian's <c>/usr/bin/chromium</c>,
/// headless, driven by Playwright) with the board <c>/rooms/{id}</c> of the first room open, signed in
/// as one of its deciding departments. Each page notes, with a MutationObserver, when a measured
/// decision's comment first shows on it; the latency of a board update runs from the decision's
/// scheduled send time to that moment, on the same clock as the hub clients' latencies.
/// </summary>
/// <remarks>
/// Pages, not a headless Blazor protocol client: a page is what a window officer has open, and
/// its circuit is exactly the server-side cost being measured (the component tree, its render
/// batches and the JS interop). The cost is that the browser shares the cores with the server
/// and the hub clients; the report says so. A seat card shows its department's latest comment
/// only: when a department decides twice within one render batch, the earlier comment may never
/// show, so board updates are counted as seen, not as lost.
/// </remarks>
public sealed class BoardPages : IBoardClients
{
    private const string Observer = """
        window.__consultSeen = {};
        new MutationObserver(records => {
          const now = performance.timeOrigin + performance.now();
          for (const r of records) {
            const text = r.type === 'characterData' ? r.target.data : r.target.textContent;
            if (!text) continue;
            for (const m of text.matchAll(/([a-z]+:\d+)/g))
              if (!(m[1] in window.__consultSeen)) window.__consultSeen[m[1]] = now;
          }
        }).observe(document, { subtree: true, childList: true, characterData: true });
        """;

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly Uri _server;
    private readonly Guid _roomId;
    private readonly string _userName;
    private readonly List<IPage> _pages = [];
    private IBrowserContext? _context;

    private BoardPages(IPlaywright playwright, IBrowser browser, Uri server, Guid roomId, string userName)
    {
        _playwright = playwright;
        _browser = browser;
        _server = server;
        _roomId = roomId;
        _userName = userName;
    }

    public int Count => _pages.Count;

    /// <summary>None collected: a page's errors show in its own console.</summary>
    public IReadOnlyList<string> Errors => [];

    /// <summary>Signs in as <paramref name="userName"/> and opens one board, not counted: what the first board fills once per process (type metadata, caches) is not charged to the measured ones.</summary>
    public static async Task<BoardPages> Start(Uri server, Guid roomId, string userName)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = "/usr/bin/chromium", Headless = true });
        var boards = new BoardPages(playwright, browser, server, roomId, userName);
        try
        {
            boards._context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
            await boards._context.AddInitScriptAsync(Observer);
            var login = await boards._context.NewPageAsync();
            await login.GotoAsync(new Uri(server, "/login").ToString());
            await login.Locator("#userName").FillAsync(userName);
            await login.Locator("input[type=password]").FillAsync(RoomSetup.Password);
            await login.Locator("[data-testid=login-submit]").ClickAsync();
            await login.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal), new PageWaitForURLOptions { Timeout = 30_000 });
            await boards.OpenBoard(login);
            return boards;
        }
        catch
        {
            await boards.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens <paramref name="count"/> more boards, each its own page and circuit, each waited for until its seats show.</summary>
    public async Task Open(int count)
    {
        for (var i = 0; i < count; i++)
            _pages.Add(await OpenBoard(await _context!.NewPageAsync()));
    }

    private async Task<IPage> OpenBoard(IPage page)
    {
        await page.GotoAsync(new Uri(_server, $"/rooms/{_roomId}").ToString());
        await page.Locator($"[data-testid=seat-{_userName}]").WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        return page;
    }

    /// <summary>Board update latencies of <paramref name="ledger"/>'s decisions over every page; <paramref name="unixMsAt"/> turns a Stopwatch timestamp into Unix milliseconds.</summary>
    public async Task<BoardFigures> Latencies(DecisionLedger ledger, int sent, Func<long, double> unixMsAt)
    {
        var marks = new List<(string, double)>();
        foreach (var page in _pages)
        {
            foreach (var (comment, at) in await page.EvaluateAsync<Dictionary<string, double>>("() => window.__consultSeen"))
                marks.Add((comment, at));
        }

        return BoardFigures.Of(ledger, sent, _pages.Count, marks, (id, at) => at - unixMsAt(ledger.ScheduledAt(id)));
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }

    /// <summary>A Stopwatch timestamp as Unix milliseconds, from one pairing of both clocks.</summary>
    public static Func<long, double> UnixClock()
    {
        var unix = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
        var stamp = Stopwatch.GetTimestamp();
        return timestamp => unix + Stopwatch.GetElapsedTime(stamp, timestamp).TotalMilliseconds;
    }
}

/// <summary>Board updates seen over all pages (a page may skip a comment it replaced within one render), and their latencies.</summary>
public sealed record BoardFigures(int Pages, long Seen, long Expected, double P50, double P99, double Max)
{
    /// <summary>
    /// The figures of every board's first sightings of a comment (<paramref name="marks"/>): those of
    /// <paramref name="ledger"/>'s first <paramref name="sent"/> decisions count, each with the latency
    /// in milliseconds that <paramref name="latencyMs"/> gives for its decision id and sighting.
    /// </summary>
    public static BoardFigures Of<T>(DecisionLedger ledger, int sent, int boards, IEnumerable<(string Comment, T At)> marks, Func<int, T, double> latencyMs)
    {
        var histogram = new LongHistogram(TimeSpan.FromMinutes(10).Ticks / 10, 3);
        long seen = 0;
        foreach (var (comment, at) in marks)
        {
            if (ledger.IdOf($"\"comment\":\"{comment}\"") is not { } id || id >= sent)
                continue;
            seen++;
            histogram.RecordValue(Math.Max(0, (long)(latencyMs(id, at) * 1000)));
        }

        double Ms(double percentile) => histogram.TotalCount == 0 ? double.NaN : histogram.GetValueAtPercentile(percentile) / 1000.0;
        return new BoardFigures(boards, seen, (long)sent * boards, Ms(50), Ms(99), histogram.TotalCount == 0 ? double.NaN : histogram.GetMaxValue() / 1000.0);
    }
}

/// <summary>Hub clients of the boards' room without and with the boards open, the boards' own updates, and the heap per circuit.</summary>
public sealed record BoardRunFigures(StepFigures Without, StepFigures With, BoardFigures Boards, double HeapPerCircuitKb);
