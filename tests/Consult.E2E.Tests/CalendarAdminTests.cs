using Microsoft.Playwright;
using static Consult.E2E.Tests.PageHelpers;

namespace Consult.E2E.Tests;

/// <summary>An administrator loads next year's holiday schedule from the calendar page, in either language.</summary>
[Collection(BrowserCollection.Name)]
[ClosePagesAfterTest]
public sealed class CalendarAdminTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("zh-CN", "2027-10-08 是星期五：调休上班日只能是周六或周日。", "2027年工作日历已保存")]
    [InlineData("en", "2027-10-08 is a Friday: a make-up working day falls on a Saturday or Sunday.", "The 2027 calendar is saved")]
    public async Task AnAdministratorLoadsAYearFromTheFormAndDueDatesCountWithIt(string culture, string wrongWorkday, string saved)
    {
        var page = await fixture.SignIn("admin");
        try
        {
            if (culture == "en")
            {
                await page.GotoAsync("/culture/en?redirect=/calendar");
                await BrowserFixture.Ready(page);
            }
            else
            {
                await page.GotoAsync("/calendar");
                await BrowserFixture.Ready(page);
            }

            await page.ClickAsync("[data-testid=calendar-year-2027]");
            // The editor comes back once 2027's own data is in (before, it could show the year before's for a moment).
            await Assertions.Expect(page.Locator("[data-testid=calendar-editor]")).ToContainTextAsync("2027");
            var holidays = Field(page, "calendar-edit-holidays");
            var workdays = Field(page, "calendar-edit-workdays");
            await holidays.FillAsync("1-1\n10-1 至 10-7");
            await workdays.FillAsync("10-8");
            await page.ClickAsync("[data-testid=calendar-edit-save]");
            await Assertions.Expect(page.Locator("[data-testid=calendar-edit-problem]")).ToHaveTextAsync(wrongWorkday);

            await workdays.FillAsync("2027-10-09");
            await page.ClickAsync("[data-testid=calendar-edit-save]");
            await Assertions.Expect(page.Locator("[data-testid=calendar-edit-saved]")).ToContainTextAsync(saved);
            await Assertions.Expect(page.Locator("[data-testid=calendar-edit-problem]")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("[data-testid=calendar-assumed-2027]")).ToHaveCountAsync(0);
            await Assertions.Expect(holidays).ToHaveValueAsync("2027-01-01\n2027-10-01 ~ 2027-10-07");
            await Assertions.Expect(page.Locator("[data-testid=calendar-source]")).ToContainTextAsync("admin");
            await fixture.Screenshot(page, $"calendar-admin-{culture}");

            using var window = await fixture.Node.Http("window");
            var afterHolidays = await Json(await window.GetAsync("/api/v1/calendar/add-working-days?from=2027-09-30&days=2"));
            Assert.Equal("2027-10-09", afterHolidays.GetProperty("date").GetString());
            Assert.False(afterHolidays.GetProperty("assumed").GetBoolean());
        }
        catch
        {
            await fixture.CaptureAll($"failed-calendar-admin-{culture}");
            throw;
        }
    }
}
