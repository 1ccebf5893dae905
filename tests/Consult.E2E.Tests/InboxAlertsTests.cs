using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Consult.E2E.Tests.PageHelpers;

namespace Consult.E2E.Tests;

/// <summary>A department representative with the inbox open in a tab: the count in the title, the order, and the alerts.</summary>
[Collection(BrowserCollection.Name)]
[ClosePagesAfterTest]
public sealed partial class InboxAlertsTests(BrowserFixture fixture)
{
    // A department no other browser test invites: the title counts only what this test does, while other test classes run beside it.
    private const string Department = "expressway-police";

    // Records each desktop notification the page creates, passing it on to the browser's own.
    private const string RecordNotifications = """
        (() => {
            const Real = window.Notification;
            window.__notes = [];
            const Recorded = function (title, options) { window.__notes.push({ title, body: options && options.body }); return new Real(title, options); };
            Object.defineProperty(Recorded, "permission", { get: () => Real.permission });
            Recorded.requestPermission = (...args) => Real.requestPermission(...args);
            window.Notification = Recorded;
        })();
        """;

    [Theory]
    [InlineData("zh-CN", "新的会商邀请：", "催办：", "仅知会（无需表态）")]
    [InlineData("en", "New consultation: ", "Reminder: ", "For information only (no decision needed)")]
    public async Task TheTitleCountsWhatAwaitsTheDepartmentAndANewInvitationOrReminderAlerts(string culture, string invited, string reminded, string informedTitle)
    {
        var page = await fixture.SignIn(Department);
        try
        {
            await page.Context.GrantPermissionsAsync(["notifications"]);
            await page.Context.AddInitScriptAsync(RecordNotifications);
            await page.GotoAsync(culture == "en" ? "/culture/en?redirect=/inbox" : "/inbox");
            await BrowserFixture.Ready(page);
            await page.Locator("[data-testid=alerts-on]").WaitForAsync();
            var before = await Count(page);

            var later = await OpenRoom(Department, "required", DateTimeOffset.UtcNow.AddHours(3));
            await Assertions.Expect(page).ToHaveTitleAsync(new Regex($@"^\({before + 1}\) "));
            var sooner = await OpenRoom(Department, "required", DateTimeOffset.UtcNow.AddHours(1));
            await Assertions.Expect(page).ToHaveTitleAsync(new Regex($@"^\({before + 2}\) "));
            var informed = await OpenRoom(Department, "notify", DateTimeOffset.UtcNow.AddHours(2));
            await page.Locator($"[data-testid=inbox-informed] [data-room='{informed.RoomId}']").WaitForAsync();
            await Assertions.Expect(page.Locator("body")).ToContainTextAsync(informedTitle);
            await Assertions.Expect(page).ToHaveTitleAsync(new Regex($@"^\({before + 2}\) "));

            // Awaiting first, soonest deadline first: the room opened second comes before the first.
            var awaiting = await page.Locator("[data-testid=inbox-awaiting] [data-awaiting=true]").EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.room)");
            Assert.True(Array.IndexOf(awaiting, sooner.RoomId) < Array.IndexOf(awaiting, later.RoomId), string.Join(",", awaiting));
            var lastAwaiting = await page.Locator("[data-testid=inbox-awaiting] [data-awaiting=true]").Last.GetAttributeAsync("data-room");
            var firstDecided = page.Locator("[data-testid=inbox-awaiting] [data-awaiting=false]").First;
            if (await firstDecided.CountAsync() > 0)
                Assert.True(await firstDecided.EvaluateAsync<bool>($"(card, last) => !!(document.querySelector(`[data-room='${{last}}']`).compareDocumentPosition(card) & Node.DOCUMENT_POSITION_FOLLOWING)", lastAwaiting));

            using var window = await fixture.Node.Http("window");
            await Json(await window.PostAsJsonAsync($"/api/v1/consultations/{later.RoomId}/reminders", new { departments = new[] { Department } }));
            await WaitForNote(page, reminded + later.CaseNumber);
            await fixture.Screenshot(page, $"inbox-{culture}");
            var notes = await page.EvaluateAsync<string[]>("() => window.__notes.map(n => n.title)");
            Assert.Contains(notes, t => t == invited + later.CaseNumber);
            Assert.Contains(notes, t => t == invited + sooner.CaseNumber);
            Assert.DoesNotContain(notes, t => t.Contains(informed.CaseNumber, StringComparison.Ordinal));
            Assert.True(await page.EvaluateAsync<int>("() => window.consultAlerts.state.shown") >= 3);

            using var police = await fixture.Node.Http(Department);
            foreach (var room in new[] { later, sooner })
                await Json(await police.PostAsJsonAsync($"/api/v1/consultations/{room.RoomId}/decisions", new { department = Department, outcome = "approve", idempotencyKey = $"inbox-{room.RoomId}" }));
            await Assertions.Expect(page).ToHaveTitleAsync(before == 0 ? new Regex("^[^(]") : new Regex($@"^\({before}\) "));
        }
        catch
        {
            await fixture.CaptureAll($"failed-inbox-alerts-{culture}");
            throw;
        }
    }

    private static async Task<int> Count(IPage page)
    {
        var match = TitleCount().Match(await page.TitleAsync());
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    private static async Task WaitForNote(IPage page, string title)
    {
        try
        {
            await page.WaitForFunctionAsync("title => window.__notes.some(n => n.title.startsWith(title))", title);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"No notification {title}; the page made: {await page.EvaluateAsync<string>("() => JSON.stringify({ notes: window.__notes, state: window.consultAlerts.state })")}");
        }
    }

    private async Task<(string RoomId, string CaseNumber)> OpenRoom(string department, string role, DateTimeOffset deadline)
    {
        using var window = await fixture.Node.Http("window");
        var created = await Json(await window.PostAsJsonAsync("/api/v1/cases", new
        {
            matterCode = "highway-occupation",
            applicant = new { name = "钱七", phone = "13900003333" },
            summary = "供水管道维修占用公路",
        }));
        var caseId = created.GetProperty("caseId").GetString();
        var seats = new[] { new { department = "road-admin", role = "required" }, new { department, role } };
        var room = await Json(await window.PostAsJsonAsync($"/api/v1/cases/{caseId}/consultations", new { seats, deadline }));
        return (room.GetProperty("roomId").GetString()!, created.GetProperty("caseNumber").GetString()!);
    }

    [GeneratedRegex(@"^\((\d+)\) ")]
    private static partial Regex TitleCount();
}
