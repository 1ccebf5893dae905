using System.Globalization;
using Consult.Calendar;

namespace Consult.Grains.Tests.Calendar;

/// <summary>Working-day arithmetic on the shipped 2026 calendar (the State Council's notice) and on years without one.</summary>
public sealed class WorkingCalendarTests
{
    private static readonly WorkingCalendar Shipped = new(CalendarFile.Load());

    private static DateOnly D(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Theory]
    // National Day: Oct 1–7 off, Saturday Oct 10 worked.
    [InlineData("2026-09-30", 1, "2026-10-08")]
    [InlineData("2026-09-30", 3, "2026-10-10")]
    [InlineData("2026-09-30", 4, "2026-10-12")]
    // Mid-Autumn (Sep 25–27 off) with Sunday Sep 20 worked.
    [InlineData("2026-09-18", 1, "2026-09-20")]
    [InlineData("2026-09-24", 1, "2026-09-28")]
    // Spring Festival: Saturday Feb 14 worked, Feb 15–23 off, Saturday Feb 28 worked.
    [InlineData("2026-02-13", 1, "2026-02-14")]
    [InlineData("2026-02-13", 2, "2026-02-24")]
    [InlineData("2026-02-27", 1, "2026-02-28")]
    [InlineData("2026-02-27", 2, "2026-03-02")]
    // New Year: Jan 1–3 off, Sunday Jan 4 worked, counted from the last day of 2025.
    [InlineData("2025-12-31", 1, "2026-01-04")]
    // Labour Day: May 1–5 off, Saturday May 9 worked.
    [InlineData("2026-04-30", 1, "2026-05-06")]
    [InlineData("2026-05-08", 1, "2026-05-09")]
    // The statutory 20 working days from an acceptance before National Day.
    [InlineData("2026-09-21", 20, "2026-10-26")]
    public void AddingWorkingDaysIn2026FollowsTheStateCouncilsSchedule(string from, int days, string expected)
    {
        var found = Shipped.AddWorkingDays(D(from), days);

        Assert.Equal(D(expected), found.Date);
        Assert.False(found.Assumed);
        Assert.Equal(days, Shipped.CountWorkingDays(D(from), found.Date).Days);
    }

    [Fact]
    public void TwoThousandTwentySixHas248WorkingDaysAndItsMakeUpSaturdaysAreAmongThem()
    {
        Assert.Equal(248, Shipped.CountWorkingDays(D("2025-12-31"), D("2026-12-31")).Days);
        Assert.True(Shipped.IsWorkingDay(D("2026-10-10")));
        Assert.True(Shipped.IsWorkingDay(D("2026-01-04")));
        Assert.False(Shipped.IsWorkingDay(D("2026-10-01")));
        Assert.False(Shipped.IsWorkingDay(D("2026-02-16")));
        Assert.False(Shipped.IsWorkingDay(D("2026-03-07")));
        Assert.True(Shipped.IsWorkingDay(D("2026-03-09")));
    }

    [Fact]
    public void AYearWithoutACalendarCountsMondayToFridayAndSaysSo()
    {
        Assert.True(Shipped.IsAssumed(2027));
        var found = Shipped.AddWorkingDays(D("2027-01-01"), 1);
        Assert.Equal(D("2027-01-04"), found.Date);
        Assert.True(found.Assumed);
        Assert.Equal([2027], found.AssumedYears.ToArray());
        // 2027's New Year's Day would be a holiday once loaded; without data it is a Friday like any other.
        Assert.True(Shipped.IsWorkingDay(D("2027-01-01")));
    }

    [Fact]
    public void CountingAcrossTheEndOfAKnownYearNamesTheAssumedYearOnly()
    {
        var found = Shipped.AddWorkingDays(D("2026-12-30"), 3);

        Assert.Equal(D("2027-01-04"), found.Date);
        Assert.Equal([2027], found.AssumedYears.ToArray());
        var count = Shipped.CountWorkingDays(D("2026-12-30"), D("2027-01-04"));
        Assert.Equal(3, count.Days);
        Assert.Equal([2027], count.AssumedYears.ToArray());
        Assert.False(Shipped.CountWorkingDays(D("2026-12-01"), D("2026-12-31")).Assumed);
    }

    [Fact]
    public void ALoadedYearReplacesTheAssumption()
    {
        var loaded = CalendarYear.Create(2027, [D("2027-01-01")], [D("2027-01-09")], CalendarSources.Admin, "admin");
        var calendar = new WorkingCalendar([.. Shipped.Years, loaded]);

        var found = calendar.AddWorkingDays(D("2026-12-31"), 2);

        Assert.Equal(D("2027-01-05"), found.Date);
        Assert.False(found.Assumed);
        Assert.Equal(D("2027-01-04"), Shipped.AddWorkingDays(D("2026-12-31"), 2).Date);
        Assert.True(calendar.IsWorkingDay(D("2027-01-09")));
    }

    [Fact]
    public void CountingBackwardsIsNegativeAndAddingNothingStaysPut()
    {
        Assert.Equal(-3, Shipped.CountWorkingDays(D("2026-10-10"), D("2026-09-30")).Days);
        Assert.Equal(0, Shipped.CountWorkingDays(D("2026-10-01"), D("2026-10-07")).Days);
        Assert.Equal(D("2026-10-03"), Shipped.AddWorkingDays(D("2026-10-03"), 0).Date);
        Assert.Throws<ArgumentOutOfRangeException>(() => Shipped.AddWorkingDays(D("2026-10-03"), -1));
    }

    [Fact]
    public void CountingUndoesAddingFromEveryDayOf2026()
    {
        for (var from = D("2025-12-25"); from <= D("2026-12-31"); from = from.AddDays(1))
        {
            foreach (var days in new[] { 1, 2, 5, 10, 20, 30 })
            {
                var found = Shipped.AddWorkingDays(from, days);
                Assert.True(Shipped.IsWorkingDay(found.Date), $"{from} + {days} landed on {found.Date}, not a working day");
                Assert.Equal(days, Shipped.CountWorkingDays(from, found.Date).Days);
            }
        }
    }
}
