using System.Globalization;
using Bunit;
using Consult.Calendar;
using Consult.Rooms;
using Consult.Server.Components.Pages.Rooms;

namespace Consult.Server.Tests.Ui;

/// <summary>The board's session clock in working time (08:30–12:00, 13:30–17:30 on the 2026 calendar's working days).</summary>
public sealed class SessionWorkingTimeTests : ComponentTests
{
    private static readonly WorkingCalendar Days = new(CalendarFile.Load());

    [Theory]
    [InlineData("zh-CN", "2026-12-07T11:00", "2026-12-07T14:00", "2026-12-07T16:00", 90, 120, "工作时间已用 1小时30分 · 剩余 2 小时")]
    [InlineData("en", "2026-12-04T17:00", "2026-12-07T09:00", "2026-12-07T10:00", 60, 60, "Working time used 1 h · 1 h left")]
    [InlineData("en", "2026-09-30T17:20", "2026-10-08T08:40", "2026-10-08T11:00", 20, 140, "Working time used 20 min · 2 h 20 min left")]
    public void AnOpenSessionCountsOnlyTheCentresWorkingHours(string culture, string started, string now, string deadline, int usedMinutes, int leftMinutes, string text)
    {
        using var scope = Culture(culture);

        var clock = Bunit.Render<SessionWorkingTime>(parameters => parameters
            .Add(p => p.Room, Room(RoomStatus.Open, At(started), At(deadline), closedAt: null))
            .Add(p => p.Now, At(now))
            .Add(p => p.WorkingDays, Days));

        var shown = clock.Find("[data-testid=working-time]");
        Assert.Equal(usedMinutes.ToString(CultureInfo.InvariantCulture), shown.GetAttribute("data-used-minutes"));
        Assert.Equal(leftMinutes.ToString(CultureInfo.InvariantCulture), shown.GetAttribute("data-left-minutes"));
        Assert.Equal(text, shown.TextContent.Trim());
    }

    [Fact]
    public void AClosedSessionSaysTheWorkingTimeItTookAndAScheduledOneNothing()
    {
        using var scope = Culture("zh-CN");

        var closed = Bunit.Render<SessionWorkingTime>(parameters => parameters
            .Add(p => p.Room, Room(RoomStatus.Closed, At("2026-12-07T11:30"), At("2026-12-07T17:00"), At("2026-12-07T14:15")))
            .Add(p => p.Now, At("2026-12-08T09:00"))
            .Add(p => p.WorkingDays, Days));
        var scheduled = Bunit.Render<SessionWorkingTime>(parameters => parameters
            .Add(p => p.Room, Room(RoomStatus.Scheduled, At("2026-12-07T11:30"), At("2026-12-07T17:00"), null) with { StartedAt = null })
            .Add(p => p.Now, At("2026-12-07T09:00"))
            .Add(p => p.WorkingDays, Days));

        Assert.Equal("用时（工作时间）1小时15分", closed.Find("[data-testid=working-time]").TextContent.Trim());
        Assert.Empty(scheduled.FindAll("[data-testid=working-time]"));
    }

    private static DateTimeOffset At(string centreTime) =>
        new(DateTime.ParseExact(centreTime, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), TimeSpan.FromHours(8));

    private static RoomSnapshot Room(RoomStatus status, DateTimeOffset started, DateTimeOffset deadline, DateTimeOffset? closedAt) => new(
        Guid.NewGuid(), Guid.NewGuid(), "GL-20261207-0001", "highway-occupation", status, "window", started.AddMinutes(-5), null, deadline,
        [], JointOutcome.Pending, null, closedAt, 3, Consult.Catalog.JointRuleKind.Unanimous, StartedAt: started);
}
