using Consult.Calendar;
using Consult.Catalog;
using Consult.Metrics;
using Consult.Rooms;

namespace Consult.Grains.Tests.Metrics;

/// <summary>
/// The speed-up a manager reads must be believable: working time against working days, no ratio
/// over almost nothing or over one room, and an overdue room shown as time overdue.
/// </summary>
public sealed class SpeedUpTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly WorkingHours Hours = WorkingHours.Parse(WorkingHours.Default, out _)!;
    private static readonly WorkingCalendar Shipped = new(CalendarFile.Load());
    private static readonly DecisionMetricsCalculator.Clock Clock = new(Shipped, Hours, Shanghai);

    private static DateTimeOffset Local(string text) => DateTimeOffset.Parse(text + " +08:00", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void WorkingTimeCountsOnlyTheCentresHoursOnWorkingDays()
    {
        // Friday 2026-09-11 16:00 to Monday 09:30: 1.5 h on Friday, the weekend not at all, 1 h on Monday.
        Assert.Equal(TimeSpan.FromHours(2.5), WorkingTime.Between(Local("2026-09-11 16:00"), Local("2026-09-14 09:30"), Shipped, Hours, Shanghai));
        // A week later Sunday 2026-09-20 is a make-up working day (调休): its 7.5 h count.
        Assert.Equal(TimeSpan.FromHours(10), WorkingTime.Between(Local("2026-09-18 16:00"), Local("2026-09-21 09:30"), Shipped, Hours, Shanghai));
        // The lunch break does not count: 11:00 to 14:00 is 1 h + 0.5 h.
        Assert.Equal(TimeSpan.FromHours(1.5), WorkingTime.Between(Local("2026-09-21 11:00"), Local("2026-09-21 14:00"), Shipped, Hours, Shanghai));
        // National Day: 2026-10-01 to 10-07 are holidays; 10-10 (Saturday) is a make-up working day.
        Assert.Equal(TimeSpan.Zero, WorkingTime.Between(Local("2026-10-01 08:00"), Local("2026-10-07 18:00"), Shipped, Hours, Shanghai));
        Assert.Equal(TimeSpan.FromHours(7.5), WorkingTime.Between(Local("2026-10-10 00:00"), Local("2026-10-10 23:59"), Shipped, Hours, Shanghai));
        Assert.Equal(TimeSpan.Zero, WorkingTime.Between(Local("2026-10-10 12:00"), Local("2026-10-10 11:00"), Shipped, Hours, Shanghai));
    }

    [Fact]
    public void ThreeWorkingDaysAgainstThreeWorkingHoursIsSevenAndAHalfTimes()
    {
        // The reference county: 3 departments, 3 days before; now 3 hours of working time.
        var legacy = new LegacyProcess(3, 4320, null, WorkingDays: 3);
        Assert.Equal(7.5, DecisionMetricsCalculator.SpeedUp(5, 180, 180, legacy, Hours));
        // Without working days the elapsed minutes are compared.
        Assert.Equal(24, DecisionMetricsCalculator.SpeedUp(5, 180, 180, legacy with { WorkingDays = null }, Hours));
    }

    [Theory]
    [InlineData(2, 180, 180)] // too few rooms closed
    [InlineData(5, 0.4, 0.4)] // a median under a minute
    [InlineData(5, 600, 0.2)] // closed outside working hours: no working time to compare
    public void NoSpeedUpIsShownWhereItWouldMeanNothing(int closed, double median, double workingMedian) =>
        Assert.Null(DecisionMetricsCalculator.SpeedUp(closed, median, workingMedian, new LegacyProcess(3, 4320, null, 3), Hours));

    [Fact]
    public void TheFiguresCompareWorkingTimeAndShowOverdueRoomsAsTimeOverdue()
    {
        var catalog = Consult.Catalog.CatalogFile.Load();
        var matter = catalog.Matters.First(m => m.Legacy.WorkingDays is not null);
        var opened = Local("2026-09-21 09:00");
        // Three rooms closed after 3 h of working time each (09:00–12:00).
        var rooms = Enumerable.Range(0, 3)
            .Select(i => new RoomRecord(Guid.NewGuid(), $"C{i}", matter.Code, opened.AddDays(i), opened.AddDays(i).AddHours(4), opened.AddDays(i).AddHours(3), JointOutcome.Approved))
            .ToList();
        var overdue = new RoomRecord(Guid.NewGuid(), "C9", matter.Code, Local("2026-09-24 09:00"), Local("2026-09-24 10:00"), null, null);
        rooms.Add(overdue);

        var figures = DecisionMetricsCalculator.Compute(opened.AddDays(-1), opened.AddDays(10), Local("2026-09-24 10:19"), rooms, [], catalog, Clock);

        var speed = Assert.Single(figures.Matters);
        Assert.Equal(180, speed.MedianWorkingMinutesToClose);
        Assert.Equal(Math.Round(matter.Legacy.WorkingDays!.Value * 450 / 180.0, 1), speed.SpeedUp);
        var late = Assert.Single(figures.OpenRoomsNearDeadline);
        Assert.Equal(19, late.OverdueMinutes);
    }
}
