using Bunit;
using Consult.Server.Components.Shared;

namespace Consult.Server.Tests.Ui;

/// <summary>The warning managers and administrators see while a year has no working calendar.</summary>
public sealed class CalendarNoticeTests : ComponentTests
{
    [Theory]
    [InlineData("zh-CN", "2027年的工作日历尚未加载", "周一至周五")]
    [InlineData("en", "No working calendar is loaded for 2027", "Monday to Friday")]
    public void AnAssumedYearIsNamedInAWarningInTheUsersLanguage(string culture, string named, string how)
    {
        using var scope = Culture(culture);

        var notice = Bunit.Render<CalendarNotice>(parameters => parameters.Add(p => p.Years, [2027]));

        var alert = notice.Find("[data-testid=calendar-assumed-2027]");
        Assert.Contains(named, alert.TextContent, StringComparison.Ordinal);
        Assert.Contains(how, alert.TextContent, StringComparison.Ordinal);
        Assert.Contains("mud-alert-outlined-warning", alert.ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void NothingIsShownWhenEveryYearIsLoaded()
    {
        var notice = Bunit.Render<CalendarNotice>(parameters => parameters.Add(p => p.Years, []));

        Assert.Empty(notice.FindAll(".mud-alert"));
    }
}
