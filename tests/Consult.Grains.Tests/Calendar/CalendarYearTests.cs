using System.Globalization;
using Consult.Calendar;

namespace Consult.Grains.Tests.Calendar;

public sealed class CalendarYearTests
{
    private static DateOnly D(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly[] Ds(string list) => [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(D)];

    [Theory]
    [InlineData(2027, "2026-12-31", "", "not in 2027")]
    [InlineData(2027, "", "2028-01-02", "not in 2027")]
    [InlineData(2027, "2027-01-02", "2027-01-02", "both")]
    [InlineData(2027, "2027-01-01,2027-01-01", "", "twice")]
    [InlineData(2027, "", "2027-01-05", "Saturday or Sunday")]
    [InlineData(1999, "", "", "between 2000 and 2100")]
    [InlineData(2101, "", "", "between 2000 and 2100")]
    public void AYearThatCannotBeRightIsRefusedWithTheReason(int year, string holidays, string workdays, string reason)
    {
        Assert.Contains(reason, CalendarYear.Problem(year, Ds(holidays), Ds(workdays))?.Message, StringComparison.Ordinal);
        Assert.Throws<Common.ConsultException>(() => CalendarYear.Create(year, Ds(holidays), Ds(workdays), CalendarSources.Admin));
    }

    [Fact]
    public void TooManyDatesOrMissingListsAreRefused()
    {
        var every = Enumerable.Range(0, CalendarYear.MaxEntries + 1).Select(i => new DateOnly(2027, 1, 1).AddDays(i)).ToArray();
        Assert.Contains("at most", CalendarYear.Problem(2027, every, [])?.Message, StringComparison.Ordinal);
        Assert.Null(CalendarYear.Problem(2027, every[..CalendarYear.MaxEntries], []));
        Assert.Contains("required", CalendarYear.Problem(2027, null, [])?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheShipped2026IsTheNoticesSchedule()
    {
        var year = Assert.Single(CalendarFile.Load(), y => y.Year == 2026);

        Assert.Equal(CalendarSources.Shipped, year.Source);
        Assert.Equal(33, year.Holidays.Length);
        Assert.Equal(Ds("2026-01-04,2026-02-14,2026-02-28,2026-05-09,2026-09-20,2026-10-10"), year.Workdays);
        foreach (var (first, last) in new[] { ("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"), ("2026-04-04", "2026-04-06"), ("2026-05-01", "2026-05-05"), ("2026-06-19", "2026-06-21"), ("2026-09-25", "2026-09-27"), ("2026-10-01", "2026-10-07") })
        {
            for (var day = D(first); day <= D(last); day = day.AddDays(1))
                Assert.Contains(day, year.Holidays);
        }
    }

    [Theory]
    [InlineData("08:30-12:00,13:30-17:30", 7.5)]
    [InlineData(" 09:00 - 17:00 ", 8)]
    public void WorkingHoursAreReadFromTheirSetting(string text, double hours)
    {
        var parsed = WorkingHours.Parse(text, out var problem);
        Assert.Null(problem);
        Assert.Equal(TimeSpan.FromHours(hours), parsed!.PerDay);
        Assert.Equal(parsed.ToString(), WorkingHours.Parse(parsed.ToString(), out _)!.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("8:30 to 12")]
    [InlineData("12:00-08:30")]
    [InlineData("08:30-12:00,11:00-17:30")]
    [InlineData("08:30-25:00")]
    public void WrongWorkingHoursAreRefused(string text)
    {
        Assert.Null(WorkingHours.Parse(text, out var problem));
        Assert.NotNull(problem);
    }
}
