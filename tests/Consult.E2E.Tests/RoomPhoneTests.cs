using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;
using static Consult.E2E.Tests.PageHelpers;

namespace Consult.E2E.Tests;

/// <summary>
/// A department's representative on a phone (390×844), in Chinese and then in English in one
/// browser: from the inbox into the room, the case and the decision form on the first screen with
/// nothing chosen, a rejection asking for its reason, conditions as lines, confirmations clear of the
/// countdown, and the discussion's unread count going up live and clearing when opened.
/// </summary>
[Collection(BrowserCollection.Name)]
[ClosePagesAfterTest]
public sealed class RoomPhoneTests(BrowserFixture fixture)
{
    private const int PhoneHeight = 844;

    public sealed record Texts(string Culture, string Case, string Others, string Reason, string Recorded, string Unread, string Discussion, string Version);

    private static readonly Texts[] Languages =
    [
        new("zh-CN", "案件情况", "其他部门 (2)", "不同意的理由", "意见已提交", "讨论 (1 条未读)", "讨论", "第2版"),
        new("en", "The case", "Other departments (2)", "Reason for rejecting", "Decision recorded", "Discussion (1 unread)", "Discussion", "version 2"),
    ];

    [Fact]
    public async Task ARepresentativeDecidesOnAPhoneWithTheFormOnTheFirstScreenAndSeesUnreadMessagesLive()
    {
        var page = await fixture.SignIn("traffic-police", phone: true);
        try
        {
            foreach (var texts in Languages)
                await DecideOnAPhone(page, texts);
        }
        catch
        {
            await fixture.CaptureAll("failed-room-phone");
            throw;
        }
    }

    private async Task DecideOnAPhone(IPage page, Texts texts)
    {
        var (roomId, summary) = await OpenRoom();

        // From the inbox into the room.
        await page.GotoAsync($"/culture/{texts.Culture}?redirect=/inbox");
        await BrowserFixture.Ready(page);
        var open = page.Locator($"[data-testid=invitation][data-room='{roomId}'] [data-testid=open-room]");
        await open.WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.OutputFolder, $"inbox-phone-{texts.Culture}.png") });
        await open.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains($"/rooms/{roomId}", StringComparison.Ordinal));
        await BrowserFixture.Ready(page);
        await page.Locator("[data-testid=board][data-layout=phone]").WaitForAsync();

        // The case and the department's own form come first: the whole form is on the first screen, nothing chosen.
        var form = page.Locator("[data-testid=my-decision]");
        await Assertions.Expect(page.Locator("[data-testid=room-case]")).ToContainTextAsync(texts.Case);
        await Assertions.Expect(page.Locator("[data-testid=room-case-summary]")).ToHaveTextAsync(summary);
        await Assertions.Expect(page.Locator("[data-testid=room-case-applicant]")).ToContainTextAsync("县城投公司");
        await Assertions.Expect(page.Locator("[data-testid=room-materials]")).ToContainTextAsync(texts.Version);
        // The first screen ends where the discussion bar begins.
        var box = await form.BoundingBoxAsync() ?? throw new InvalidOperationException("The decision form is not shown.");
        var barTop = (await page.Locator("[data-testid=discussion-bar]").BoundingBoxAsync())?.Y ?? PhoneHeight;
        Assert.True(box.Y >= 0 && box.Y + box.Height <= Math.Min(barTop, PhoneHeight), $"The form spans {box.Y}..{box.Y + box.Height} of a {PhoneHeight} px screen whose bar begins at {barTop}.");
        await Assertions.Expect(form.Locator("[aria-pressed=true]")).ToHaveCountAsync(0);
        await Assertions.Expect(form.Locator("[data-testid=decision-submit]")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("[data-testid=other-seats]")).ToContainTextAsync(texts.Others);
        await Assertions.Expect(page.Locator("[data-testid=other-seat-chip]")).ToHaveCountAsync(2);
        var violations = await AxeCheck.SeriousViolations(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));

        // Another member writes: the bar at the bottom counts it, live.
        var bar = page.Locator("[data-testid=discussion-open]");
        await Assertions.Expect(bar).ToHaveTextAsync(texts.Discussion);
        var text = $"请注意夜间施工 / mind the night works {Guid.NewGuid():N}";
        await PostMessage(roomId, text);
        await Assertions.Expect(bar).ToHaveTextAsync(texts.Unread);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.OutputFolder, $"room-phone-{texts.Culture}.png") });

        // A rejection asks for its reason, required.
        await form.Locator("[data-testid=outcome-Reject]").ClickAsync();
        await Assertions.Expect(form.Locator("[data-testid=outcome-Reject]")).ToHaveAttributeAsync("aria-pressed", "true");
        var reason = Field(page, "decision-reason");
        await Assertions.Expect(reason).ToBeVisibleAsync();
        await Assertions.Expect(reason).ToHaveAttributeAsync("required", "");
        await Assertions.Expect(form.Locator("label", new() { HasText = texts.Reason })).ToBeVisibleAsync();
        await fixture.Screenshot(page, $"room-phone-reject-{texts.Culture}");

        // Conditions are entered as lines and recorded as that many conditions.
        await form.Locator("[data-testid=outcome-ApproveWithConditions]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=decision-reason]")).ToHaveCountAsync(0);
        await form.Locator("[data-testid=decision-condition]").First.FillAsync("施工区设置警示标志");
        await form.Locator("[data-testid=condition-add]").ClickAsync();
        await form.Locator("[data-testid=decision-condition]").Nth(1).FillAsync("夜间施工配专人指挥");
        await form.Locator("[data-testid=decision-submit]").ClickAsync();
        var confirmation = page.Locator(".mud-snackbar", new() { HasText = texts.Recorded });
        await confirmation.WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=my-seat-status].status-conditions")).ToHaveCountAsync(1);
        var shown = await confirmation.BoundingBoxAsync();
        foreach (var countdown in new[] { "countdown", "bar-countdown" })
        {
            var clock = await page.Locator($"[data-testid={countdown}]").BoundingBoxAsync();
            Assert.False(shown is not null && clock is not null && Overlap(shown, clock), $"The confirmation covers the {countdown}.");
        }

        using (var police = await fixture.Node.Http("traffic-police"))
        {
            var room = await Json(await police.GetAsync($"/api/v1/consultations/{roomId}"));
            var decision = room.GetProperty("seats").EnumerateArray().Single(s => s.GetProperty("department").GetString() == "traffic-police").GetProperty("decision");
            Assert.Equal(["施工区设置警示标志", "夜间施工配专人指挥"], decision.GetProperty("conditions").EnumerateArray().Select(c => c.GetString()));
        }

        // Opening the discussion shows the message and clears the count.
        await bar.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=discussion-sheet] [data-testid=messages]")).ToContainTextAsync(text);
        await fixture.Screenshot(page, $"room-phone-discussion-{texts.Culture}");
        await page.Locator("[data-testid=discussion-close]").ClickAsync();
        await Assertions.Expect(bar).ToHaveTextAsync(texts.Discussion);
        await Assertions.Expect(page.Locator("[data-testid=discussion-bar]")).ToHaveAttributeAsync("data-unread", "0");
    }

    [Fact]
    public async Task OnADeskTheFoldedDiscussionCountsWhatCameInAndTheButtonOpensIt()
    {
        var (roomId, _) = await OpenRoom();
        var window = await fixture.SignIn("window");
        try
        {
            await window.GotoAsync($"/rooms/{roomId}");
            await BrowserFixture.Ready(window);
            await window.Locator("[data-testid=board][data-layout=desk]").WaitForAsync();
            await window.ClickAsync("[data-testid=discussion-toggle]");
            await Assertions.Expect(window.Locator("[data-testid=messages]")).ToBeHiddenAsync();

            var text = $"现场勘查定在明早 {Guid.NewGuid():N}";
            await PostMessage(roomId, text);
            await Assertions.Expect(window.Locator("[data-testid=discussion-open]")).ToHaveTextAsync("讨论 (1 条未读)");
            await Assertions.Expect(window.Locator("[data-testid=discussion-panel-unread]")).ToHaveTextAsync("1 条未读");
            await window.ClickAsync("[data-testid=discussion-open]");
            await Assertions.Expect(window.Locator("[data-testid=messages]")).ToContainTextAsync(text);
            await Assertions.Expect(window.Locator("[data-testid=discussion-bar]")).ToHaveCountAsync(0);
            await Assertions.Expect(window.Locator("[data-testid=discussion-panel-unread]")).ToHaveCountAsync(0);
        }
        catch
        {
            await fixture.CaptureAll("failed-room-desk-unread");
            throw;
        }
    }

    [Fact]
    public async Task MembersWriteInTheDiscussionWithEnterOnADeskAndTheButtonOnAPhone()
    {
        var (roomId, _) = await OpenRoom();
        var desk = await fixture.SignIn("road-admin");
        var phone = await fixture.SignIn("traffic-police", phone: true);
        try
        {
            // On a desk, in English: Enter sends the line and empties the field; the phone hears it live.
            await desk.GotoAsync($"/culture/en?redirect=/rooms/{roomId}");
            await BrowserFixture.Ready(desk);
            await desk.Locator("[data-testid=board][data-layout=desk]").WaitForAsync();
            await phone.GotoAsync($"/rooms/{roomId}");
            await BrowserFixture.Ready(phone);
            await phone.Locator("[data-testid=board][data-layout=phone]").WaitForAsync();

            var input = desk.Locator("[data-testid=message-input]");
            await Assertions.Expect(input).ToHaveAttributeAsync("placeholder", "Type a message, Enter to send");
            var first = $"Site visit tomorrow at nine {Guid.NewGuid():N}";
            await input.FillAsync(first);
            await input.PressAsync("Enter");
            await Assertions.Expect(desk.Locator("[data-testid=messages]")).ToContainTextAsync(first);
            await Assertions.Expect(input).ToHaveValueAsync("");
            await Assertions.Expect(phone.Locator("[data-testid=discussion-bar]")).ToHaveAttributeAsync("data-unread", "1");

            // An empty line sends nothing.
            await input.PressAsync("Enter");

            // On a phone, in Chinese: the sheet's field and its button.
            await phone.Locator("[data-testid=discussion-open]").ClickAsync();
            var sheet = phone.Locator("[data-testid=discussion-sheet]");
            await Assertions.Expect(sheet.Locator("[data-testid=messages]")).ToContainTextAsync(first);
            var phoneInput = sheet.Locator("[data-testid=message-input]");
            await Assertions.Expect(phoneInput).ToHaveAttributeAsync("placeholder", "输入意见，回车发送");
            var reply = $"收到，明早九点到场 {Guid.NewGuid():N}";
            await phoneInput.FillAsync(reply);
            await sheet.Locator("[data-testid=message-send]").ClickAsync();
            await Assertions.Expect(sheet.Locator("[data-testid=messages]")).ToContainTextAsync(reply);
            await Assertions.Expect(phoneInput).ToHaveValueAsync("");
            await Assertions.Expect(desk.Locator("[data-testid=messages]")).ToContainTextAsync(reply);
            await fixture.Screenshot(phone, "room-phone-message-sent");

            // Each line is in the room's log once, by its author.
            using var road = await fixture.Node.Http("road-admin");
            var messages = (await Json(await road.GetAsync($"/api/v1/consultations/{roomId}/events"))).EnumerateArray()
                .Where(e => e.GetProperty("type").GetString() == "messagePosted")
                .Select(e => (Actor: e.GetProperty("actor").GetString(), Text: e.GetProperty("payload").GetProperty("text").GetString()))
                .ToList();
            Assert.Equal([("road-admin", first), ("traffic-police", reply)], messages);
        }
        catch
        {
            await fixture.CaptureAll("failed-room-messages");
            throw;
        }
    }

    [Fact]
    public async Task TheMenuIsOpenOnADeskAndOnAPhoneOpensOverThePageAndClosesWhenALinkIsFollowed()
    {
        var desk = await fixture.SignIn("window");
        var phone = await fixture.SignIn("window", phone: true);
        try
        {
            var deskMenu = desk.Locator("[data-testid=menu-drawer]");
            await Assertions.Expect(deskMenu).ToBeVisibleAsync();
            await desk.ClickAsync("button[aria-label=menu]");
            await Assertions.Expect(deskMenu).ToBeHiddenAsync();
            await desk.ClickAsync("button[aria-label=menu]");
            await Assertions.Expect(deskMenu).ToBeVisibleAsync();

            var phoneMenu = phone.Locator("[data-testid=menu-drawer]");
            await Assertions.Expect(phoneMenu).ToBeHiddenAsync();
            await phone.ClickAsync("button[aria-label=menu]");
            await Assertions.Expect(phoneMenu).ToBeVisibleAsync();
            // Slid fully in (225 ms), the page's own link marked.
            await Assertions.Expect(phoneMenu).ToHaveCSSAsync("left", "0px");
            await Assertions.Expect(phoneMenu.Locator("a.active")).ToHaveCountAsync(1);
            await fixture.Screenshot(phone, "menu-phone-open");
            // The scrim over the page closes it.
            await phone.Mouse.ClickAsync(370, 400);
            await Assertions.Expect(phoneMenu).ToBeHiddenAsync();
            // A link followed closes it.
            await phone.ClickAsync("button[aria-label=menu]");
            await phoneMenu.Locator("[data-testid=nav-new-case]").ClickAsync();
            await phone.WaitForURLAsync(url => url.EndsWith("/cases/new", StringComparison.Ordinal));
            await Assertions.Expect(phoneMenu).ToBeHiddenAsync();
            // The menu marks the page's own link, and the language switch comes back to this page.
            await Assertions.Expect(phoneMenu.Locator("[data-testid=nav-new-case]")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bactive\b"));
            await Assertions.Expect(phoneMenu.Locator("a.active")).ToHaveCountAsync(1);
            await Assertions.Expect(phone.Locator("[data-testid=lang-switch]")).ToHaveAttributeAsync("href", "/culture/en?redirect=%2Fcases%2Fnew");
            // Signing out still carries the form's antiforgery token.
            await phone.Locator("form[action='/account/logout'] button").ClickAsync();
            await phone.WaitForURLAsync(url => url.Contains("/login", StringComparison.Ordinal));
        }
        catch
        {
            await fixture.CaptureAll("failed-menu");
            throw;
        }
    }

    private static bool Overlap(LocatorBoundingBoxResult a, LocatorBoundingBoxResult b) =>
        a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height;

    private async Task PostMessage(string roomId, string text)
    {
        using var road = await fixture.Node.Http("road-admin");
        await Json(await road.PostAsJsonAsync($"/api/v1/consultations/{roomId}/messages", new { text, clientMessageId = Guid.NewGuid().ToString("N") }));
    }

    /// <summary>A case with its plan in a second version, convened for three departments.</summary>
    private async Task<(string RoomId, string Summary)> OpenRoom()
    {
        using var window = await fixture.Node.Http("window");
        const string summary = "人行道改造需占用县道X201半幅施工5天";
        var created = await Json(await window.PostAsJsonAsync("/api/v1/cases", new
        {
            matterCode = "highway-occupation",
            applicant = new { name = "刘建国", phone = "13812345678", organization = "县城投公司" },
            summary,
        }));
        var caseId = created.GetProperty("caseId").GetString()!;
        foreach (var version in new[] { "v1", "v2" })
        {
            var plan = new ByteArrayContent(Encoding.UTF8.GetBytes($"%PDF-1.4 施工方案 {version} {Guid.NewGuid()}"));
            plan.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            await Json(await window.PostAsync($"/api/v1/cases/{caseId}/materials", new MultipartFormDataContent { { plan, "file", "施工方案.pdf" } }));
        }

        var seats = new[] { new { department = "road-admin", role = "required" }, new { department = "traffic-police", role = "required" }, new { department = "housing", role = "advisory" } };
        var room = await Json(await window.PostAsJsonAsync($"/api/v1/cases/{caseId}/consultations", new { seats, deadline = DateTimeOffset.UtcNow.AddHours(4) }));
        return (room.GetProperty("roomId").GetString()!, summary);
    }
}
