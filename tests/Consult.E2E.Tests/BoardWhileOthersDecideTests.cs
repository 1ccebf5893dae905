using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Consult.E2E.Tests.PageHelpers;

namespace Consult.E2E.Tests;

/// <summary>
/// A representative halfway through a decision while the room moves: another department decides and
/// the window writes in the discussion. The board shows both at once, and what the representative
/// chose and typed stays as it was (the form and the discussion render again only when what they
/// show changed); then the representative sends it. In Chinese and in English.
/// </summary>
[Collection(BrowserCollection.Name)]
[ClosePagesAfterTest]
public sealed class BoardWhileOthersDecideTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("zh-CN", "夜间施工须设警示标志", "请各部门抓紧发表意见", "占道时段与既有管线冲突")]
    [InlineData("en", "Warning signs at night", "Please decide by noon", "The works clash with a pipeline")]
    public async Task AHalfWrittenDecisionSurvivesTheRoomMovingAndIsSent(string culture, string policeComment, string message, string reason)
    {
        try
        {
            await Scenario(culture, policeComment, message, reason);
        }
        catch
        {
            await fixture.CaptureAll($"failed-board-while-others-decide-{culture}");
            throw;
        }
    }

    private async Task Scenario(string culture, string policeComment, string message, string reason)
    {
        using var api = await fixture.Node.Http("window");
        var created = await Json(await api.PostAsJsonAsync("/api/v1/cases", new { matterCode = "highway-occupation", applicant = new { name = "陈立", phone = "13812340000" }, summary = "管道检修临时占道" }));
        var caseNumber = created.GetProperty("caseNumber").GetString()!;
        var roomId = (await Json(await api.PostAsJsonAsync($"/api/v1/cases/{created.GetProperty("caseId").GetString()}/consultations", new
        {
            seats = new object[] { new { department = "road-admin" }, new { department = "traffic-police" } },
        }))).GetProperty("roomId").GetString()!;

        var board = await Board(fixture, "road-admin", culture, roomId);
        await Assertions.Expect(board).ToHaveTitleAsync(new Regex(Regex.Escape(caseNumber)));
        await board.ClickAsync("[data-testid=outcome-Reject]");
        await Field(board, "decision-reason").FillAsync(reason);

        using (var police = await fixture.Node.Http("traffic-police"))
            await Json(await police.PostAsJsonAsync($"/api/v1/consultations/{roomId}/decisions", new { department = "traffic-police", outcome = "approve", comment = policeComment, idempotencyKey = $"e2e-while-{culture}" }));
        await Json(await api.PostAsJsonAsync($"/api/v1/consultations/{roomId}/messages", new { text = message, clientMessageId = $"e2e-while-{culture}" }));

        await Assertions.Expect(board.Locator("[data-testid=seat-traffic-police]")).ToContainTextAsync(policeComment);
        await Assertions.Expect(board.Locator("[data-testid=messages]")).ToContainTextAsync(message);
        await Assertions.Expect(board.Locator("[data-testid=outcome-Reject]")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(Field(board, "decision-reason")).ToHaveValueAsync(reason);
        await Assertions.Expect(board).ToHaveTitleAsync(new Regex(Regex.Escape(caseNumber)));
        await fixture.Screenshot(board, $"board-while-others-decide-{culture}");

        await board.ClickAsync("[data-testid=decision-submit]");
        await Assertions.Expect(board.Locator("[data-testid=seat-road-admin]")).ToContainTextAsync(reason);
        await fixture.Screenshot(board, $"board-while-others-decide-sent-{culture}");
    }
}
