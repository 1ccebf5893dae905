using System.Net.Http.Json;
using Microsoft.Playwright;
using static Consult.E2E.Tests.PageHelpers;

namespace Consult.E2E.Tests;

/// <summary>
/// axe-core (Deque's engine, injected by Playwright) on the pages people live on: sign-in,
/// the case list (and reaching a case by keyboard), the case, the board, the inbox and the applicant's page. No serious or critical violation of
/// WCAG 2.1 A/AA rules; the report names each one with the elements it found.
/// </summary>
[Collection(BrowserCollection.Name)]
[ClosePagesAfterTest]
public sealed class AccessibilityTests(BrowserFixture fixture)
{
    [Fact]
    public async Task TheFivePagesHaveNoSeriousOrCriticalViolations()
    {
        var (caseId, roomId, token) = await OpenRoom();
        var found = new List<string>();

        var anonymous = await fixture.NewPage();
        await anonymous.GotoAsync("/login");
        await anonymous.Locator("#userName").WaitForAsync();
        found.AddRange(await Check(anonymous, "sign-in"));
        await anonymous.GotoAsync($"/track/{token}");
        await anonymous.Locator("[data-testid=track-status]").WaitForAsync();
        found.AddRange(await Check(anonymous, "applicant"));

        var window = await fixture.SignIn("window");
        await window.GotoAsync("/cases");
        await window.Locator("[data-testid=case-link]").First.WaitForAsync();
        found.AddRange(await Check(window, "case-list"));
        // By keyboard: Tab until the first case's link has the focus, Enter opens that case.
        var first = await window.Locator("[data-testid=case-link]").First.GetAttributeAsync("href");
        for (var i = 0; i < 60 && await window.EvaluateAsync<string?>("() => document.activeElement?.getAttribute('data-testid')") != "case-link"; i++)
            await window.Keyboard.PressAsync("Tab");
        await window.Keyboard.PressAsync("Enter");
        await window.WaitForURLAsync(url => url.EndsWith(first!, StringComparison.Ordinal));

        await window.GotoAsync($"/cases/{caseId}");
        await window.Locator("[data-testid=case-number]").WaitForAsync();
        found.AddRange(await Check(window, "case"));
        // A case just received: the form that opens the room, its checkboxes and roles by name.
        await window.GotoAsync($"/cases/{await NewCase()}");
        await window.Locator("[data-testid=open-consultation]").WaitForAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(window.GetByRole(AriaRole.Checkbox, new() { Name = "公安交警", Exact = true })).ToBeCheckedAsync();
        await Assertions.Expect(window.GetByRole(AriaRole.Group, new() { Name = "公安交警", Exact = true }).GetByRole(AriaRole.Radio, new() { Name = "必选" })).ToBeCheckedAsync();
        await fixture.Screenshot(window, "case-open-form-zh-CN");
        found.AddRange(await Check(window, "case-received"));
        await window.GotoAsync($"/rooms/{roomId}");
        await window.Locator("[data-testid=board]").WaitForAsync();
        found.AddRange(await Check(window, "board"));

        var department = await fixture.SignIn("road-admin", phone: true);
        await department.GotoAsync("/inbox");
        await department.Locator($"[data-room='{roomId}']").WaitForAsync();
        found.AddRange(await Check(department, "inbox"));

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    private async Task<IEnumerable<string>> Check(IPage page, string name)
    {
        var bad = await AxeCheck.SeriousViolations(page);
        if (bad.Count > 0)
            await fixture.Screenshot(page, $"axe-{name}");
        return bad.Select(v => $"{name}: {v}");
    }

    private async Task<string> NewCase() => (await Register()).GetProperty("caseId").GetString()!;

    private async Task<System.Text.Json.JsonElement> Register()
    {
        using var window = await fixture.Node.Http("window");
        return await Json(await window.PostAsJsonAsync("/api/v1/cases", new
        {
            matterCode = "highway-occupation",
            applicant = new { name = "赵六", phone = "13900004444", organization = "县自来水公司" },
            summary = "供水管道维修占用公路",
        }));
    }

    private async Task<(string CaseId, string RoomId, string Token)> OpenRoom()
    {
        using var window = await fixture.Node.Http("window");
        var created = await Register();
        var caseId = created.GetProperty("caseId").GetString()!;
        var room = await Json(await window.PostAsJsonAsync($"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "road-admin", "traffic-police" } }));
        return (caseId, room.GetProperty("roomId").GetString()!, created.GetProperty("trackingToken").GetString()!);
    }
}
