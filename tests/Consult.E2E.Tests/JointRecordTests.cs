using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace Consult.E2E.Tests;

/// <summary>Closing a rejected room from the board, and downloading its joint record, in Chinese and in English.</summary>
[Collection(BrowserCollection.Name)]
[ClosePagesAfterTest]
public sealed class JointRecordTests(BrowserFixture fixture)
{
    private const string Reason = "依据《公路安全保护条例》第二十七条，未提交交通安全评价";
    private const string Condition = "施工区设置警示标志";

    [Fact]
    public async Task TheConvenerClosesARejectionAndTheBoardDownloadsTheJointRecordInBothLanguages()
    {
        try
        {
            await Scenario();
        }
        catch
        {
            await fixture.CaptureAll("failed-record");
            throw;
        }
    }

    private async Task Scenario()
    {
        var api = await fixture.Node.Http("window");
        var created = await Json(await api.PostAsJsonAsync("/api/v1/cases", new { matterCode = "highway-occupation", applicant = new { name = "刘建国", phone = "13812345678", organization = "县城投公司" }, summary = "人行道改造需占用县道半幅施工" }));
        var caseNumber = created.GetProperty("caseNumber").GetString()!;
        var roomId = (await Json(await api.PostAsJsonAsync($"/api/v1/cases/{created.GetProperty("caseId").GetString()}/consultations", new { departments = new[] { "road-admin", "traffic-police" } })))
            .GetProperty("roomId").GetString();
        await Json(await (await fixture.Node.Http("road-admin")).PostAsJsonAsync($"/api/v1/consultations/{roomId}/decisions",
            new { department = "road-admin", outcome = "approveWithConditions", conditions = new[] { Condition }, idempotencyKey = "e2e-road" }));
        await Json(await (await fixture.Node.Http("traffic-police")).PostAsJsonAsync($"/api/v1/consultations/{roomId}/decisions",
            new { department = "traffic-police", outcome = "reject", comment = Reason, idempotencyKey = "e2e-police" }));

        // The close button names the outcome; the draft gives the rejecting department's reason, not the other's conditions.
        var window = await fixture.SignIn("window");
        await window.GotoAsync($"/rooms/{roomId}");
        await BrowserFixture.Ready(window);
        await Assertions.Expect(window.Locator("[data-testid=close-room]")).ToHaveTextAsync("确认不予许可并结束会商");
        var statement = await window.Locator("[data-testid=close-statement]")
            .Locator("xpath=descendant-or-self::textarea[not(@readonly) and not(@aria-hidden='true')]").First.InputValueAsync();
        Assert.Contains(Reason, statement, StringComparison.Ordinal);
        Assert.DoesNotContain(Condition, statement, StringComparison.Ordinal);
        await window.ClickAsync("[data-testid=close-room]");

        var hash = window.Locator("[data-testid=record-hash] code");
        await Assertions.Expect(hash).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9a-f]{64}$"));
        await Assertions.Expect(window.Locator("[data-testid=record-pdf]")).ToHaveTextAsync("联审纪要");
        // The screenshot without the closing notice over the top bar.
        await Assertions.Expect(window.Locator(".mud-snackbar")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        await fixture.Screenshot(window, "joint-record-zh-CN");
        var chinese = await Download(window, Path.Combine(fixture.OutputFolder, "joint-record-zh-CN.pdf"));
        Assert.Contains(caseNumber, chinese, StringComparison.Ordinal);
        var sha256 = await hash.InnerTextAsync();
        Assert.Contains(sha256, chinese, StringComparison.Ordinal);

        await window.ClickAsync("[data-testid=lang-switch]");
        await BrowserFixture.Ready(window);
        await Assertions.Expect(window.Locator("[data-testid=record-pdf]")).ToHaveTextAsync("Joint record");
        await Assertions.Expect(window.Locator("[data-testid=record-hash]")).ToContainTextAsync("Record hash");
        await fixture.Screenshot(window, "joint-record-en");
        Assert.Contains(caseNumber, await Download(window, Path.Combine(fixture.OutputFolder, "joint-record-en.pdf")), StringComparison.Ordinal);

        // Where the record's QR code leads: anyone, on a phone, sees that the centre issued it; a forged hash is unknown.
        var reader = await fixture.NewPage(phone: true);
        await reader.GotoAsync($"/records/{sha256}");
        await BrowserFixture.Ready(reader);
        await Assertions.Expect(reader.Locator("[data-testid=record-case-number]")).ToHaveTextAsync(caseNumber);
        await fixture.Screenshot(reader, "record-verified");
        await reader.GotoAsync($"/records/{new string('0', 64)}");
        await BrowserFixture.Ready(reader);
        await reader.Locator("[data-testid=record-unknown]").WaitForAsync();
    }

    /// <summary>Clicks the record button, keeps the PDF at <paramref name="keepAt"/>, and answers its text.</summary>
    private static async Task<string> Download(IPage page, string keepAt)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=record-pdf]"));
        Assert.EndsWith(".pdf", download.SuggestedFilename, StringComparison.Ordinal);
        await download.SaveAsAsync(keepAt);
        var bytes = await File.ReadAllBytesAsync(keepAt);
        Assert.Equal("%PDF"u8.ToArray(), bytes[..4]);
        using var pdf = PdfDocument.Open(bytes);
        return string.Concat(pdf.GetPages().Select(p => p.Text).SelectMany(t => t).Where(c => !char.IsWhiteSpace(c)));
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
