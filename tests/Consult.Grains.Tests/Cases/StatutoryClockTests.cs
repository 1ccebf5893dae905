using Consult.Calendar;
using Consult.Cases;
using Consult.Common;

namespace Consult.Grains.Tests.Cases;

/// <summary>The statutory clock's rules over the shipped 2026 calendar, without a cluster.</summary>
public sealed class StatutoryClockTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly WorkingCalendar Shipped = new(CalendarFile.Load());

    private static DateTimeOffset Local(int month, int day, int hour = 10) => new(2026, month, day, hour, 0, 0, TimeSpan.FromHours(8));

    private static (StatutoryState State, StatutoryClock Clock) Accepted(DateTimeOffset at, WorkingCalendar? calendar = null)
    {
        var state = new StatutoryState();
        StatutoryClock.Start(state, 20, at, Shanghai);
        return (state, new StatutoryClock(state, calendar ?? Shipped, Shanghai));
    }

    [Fact]
    public void TwentyWorkingDaysFromAcceptanceSkipTheMidAutumnAndNationalDayHolidays()
    {
        var (_, clock) = Accepted(Local(9, 21));

        Assert.Equal(new DateOnly(2026, 10, 26), clock.Due(Local(9, 21)).Date);
        Assert.False(clock.Due(Local(9, 21)).Assumed);
        // The clock runs out at the start of the next day in the centre, 16:00 UTC the day before.
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 16, 0, 0, TimeSpan.Zero), clock.RunsOutAt(Local(9, 21)));
    }

    [Fact]
    public void ADecidedCaseStopsTheClockOnTheDayOfTheDecisionAndARunningOneDoesNot()
    {
        // Accepted Monday 2026-09-21; decided Wednesday 2026-09-30: 6 working days used (9-25 to 9-27 are off).
        var (state, clock) = Accepted(Local(9, 21));
        StatutoryClock.Follow(state, undecided: false, Local(9, 30));
        StatutoryClock.Follow(state, undecided: false, Local(10, 9));

        var stopped = clock.View(Local(12, 1), forApplicant: true);

        Assert.Equal(new DateOnly(2026, 9, 30), stopped.StoppedOn);
        Assert.Equal(6, stopped.WorkingDaysUsed);
        Assert.Equal(14, stopped.WorkingDaysLeft);
        Assert.Equal(new DateOnly(2026, 10, 26), stopped.Due);

        StatutoryClock.Follow(state, undecided: true, Local(10, 12));
        var running = clock.View(Local(10, 12), forApplicant: true);
        Assert.Null(running.StoppedOn);
        Assert.Null(running.WorkingDaysUsed);
        Assert.Equal(10, running.WorkingDaysLeft);
    }

    [Fact]
    public void AcceptanceIsTheDateInTheCentreNotInUtc()
    {
        // 2026-09-20 17:00 UTC is already Monday 09-21 in Shanghai.
        var (state, _) = Accepted(new DateTimeOffset(2026, 9, 20, 17, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 9, 21), state.AcceptedOn);
    }

    [Fact]
    public void APauseMovesTheDueDateByTheWorkingDaysItStoodAndOnlyThose()
    {
        var (state, clock) = Accepted(Local(9, 21));

        clock.Pause(Local(9, 21, 15), "请补充技术评价报告");
        Assert.True(clock.Paused);
        Assert.False(clock.RanOut(Local(12, 31)));
        // While paused the due date is the one a resubmission today would give.
        Assert.Equal(new DateOnly(2026, 10, 29), clock.Due(Local(9, 24)).Date);

        var pause = clock.Resume(Local(9, 24), "window");

        Assert.Equal(3, pause.WorkingDays);
        Assert.False(clock.Paused);
        Assert.Equal(new DateOnly(2026, 10, 29), clock.Due(Local(10, 1)).Date);
        Assert.Equal("请补充技术评价报告", state.Pauses.Single().Reason);
    }

    [Fact]
    public void APauseOverAHolidayCountsNoHolidayAndAResumptionTheSameDayCountsNothing()
    {
        var (_, clock) = Accepted(Local(9, 21));

        clock.Pause(Local(9, 30), "补正");
        // 10-01 to 10-07 are holidays, 10-08 a Thursday: one working day stood.
        Assert.Equal(1, clock.Resume(Local(10, 8), "window").WorkingDays);
        clock.Pause(Local(10, 9), "补正");
        Assert.Equal(0, clock.Resume(Local(10, 9, 16), "window").WorkingDays);
        Assert.Equal(new DateOnly(2026, 10, 27), clock.Due(Local(10, 9)).Date);
    }

    [Fact]
    public void AnExtensionAddsTenWorkingDaysAcrossNationalDayAndOnlyOnce()
    {
        var (_, clock) = Accepted(Local(9, 1));
        Assert.Equal(new DateOnly(2026, 9, 29), clock.Due(Local(9, 2)).Date);

        var extension = clock.Extend(Local(9, 10), "manager", "需组织专家评审");

        Assert.Equal(10, extension.WorkingDays);
        // 09-30, then 10-08, 10-09, the make-up Saturday 10-10, 10-12 … 10-16, 10-19.
        Assert.Equal(new DateOnly(2026, 10, 19), clock.Due(Local(9, 10)).Date);
        var second = Assert.Throws<ConsultException>(() => clock.Extend(Local(9, 11), "manager", "再次延长"));
        Assert.Equal(ErrorCodes.Conflict, second.Code);
        Assert.Equal(new DateOnly(2026, 10, 19), clock.Due(Local(9, 11)).Date);
    }

    [Fact]
    public void AYearWithoutACalendarCountsMondayToFridayAndSaysSo()
    {
        var (_, clock) = Accepted(Local(12, 21));

        var due = clock.Due(Local(12, 21));

        Assert.Equal(new DateOnly(2027, 1, 18), due.Date);
        Assert.Equal([2027], due.AssumedYears.ToArray());
        Assert.True(clock.View(Local(12, 21), forApplicant: true).Assumed);
    }

    [Fact]
    public void TheClockRunsOutOnlyWhenNotPausedAndAfterTheDueDay()
    {
        var (_, clock) = Accepted(Local(9, 1));

        Assert.False(clock.RanOut(Local(9, 29, 23)));
        Assert.True(clock.RanOut(Local(9, 30, 0)));
        clock.Pause(Local(9, 29), "补正");
        Assert.False(clock.RanOut(Local(9, 30, 0)));
    }

    [Fact]
    public void TheApplicantsViewNamesNoStaff()
    {
        var (_, clock) = Accepted(Local(9, 1));
        clock.Extend(Local(9, 2), "manager", "需现场勘查");
        clock.Pause(Local(9, 3), "补正");
        clock.Resume(Local(9, 4), "window");

        var view = clock.View(Local(9, 4), forApplicant: true);

        Assert.Null(view.Extensions.Single().ApprovedBy);
        Assert.Equal("需现场勘查", view.Extensions.Single().Reason);
        Assert.Null(view.Pauses.Single().ResumedBy);
        Assert.Equal("manager", clock.View(Local(9, 4), forApplicant: false).Extensions.Single().ApprovedBy);
    }
}
