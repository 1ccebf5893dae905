using System.Globalization;
using Consult.Server.Ui;

namespace Consult.Server.Tests.Ui;

public sealed class CalendarDatesTextTests
{
    private static DateOnly D(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public void TheNoticesWayOfWritingReadsAsTheDatesItMeans()
    {
        var (dates, problem) = CalendarDatesText.Parse("2027-01-01\n10-1 至 10-3、2027/5/1 ~ 2027/5/2，12-31..12-31", 2027);

        Assert.Null(problem);
        Assert.Equal([D("2027-01-01"), D("2027-10-01"), D("2027-10-02"), D("2027-10-03"), D("2027-05-01"), D("2027-05-02"), D("2027-12-31")], dates.ToArray());
    }

    [Fact]
    public void ShownBackConsecutiveDaysAreOneRunAndReadAgainAsTheSameDates()
    {
        DateOnly[] dates = [D("2027-10-03"), D("2027-10-01"), D("2027-10-02"), D("2027-02-14"), D("2027-10-07")];

        var text = CalendarDatesText.Format(dates);

        Assert.Equal("2027-02-14\n2027-10-01 ~ 2027-10-03\n2027-10-07", text);
        Assert.Equal(dates.Order().ToArray(), CalendarDatesText.Parse(text, 2027).Dates.ToArray());
    }

    [Theory]
    [InlineData("2027-13-01", "unreadable", "2027-13-01")]
    [InlineData("10-1 ~ 10-2 ~ 10-3", "unreadable", "10-1~10-2~10-3")]
    [InlineData("国庆", "unreadable", "国庆")]
    [InlineData("10-7 至 10-1", "backwards", "10-7~10-1")]
    [InlineData("1-1 ~ 3-1", "tooLong", "1-1~3-1")]
    public void WhatCannotBeReadIsNamedAndNothingIsTaken(string text, string code, string entry)
    {
        var (dates, problem) = CalendarDatesText.Parse("2027-01-01\n" + text, 2027);

        Assert.Empty(dates);
        Assert.Equal(new CalendarDatesText.Unreadable(code, entry), problem);
    }

    [Fact]
    public void DuplicatesAreKeptForTheYearsCheckToName()
    {
        var (dates, _) = CalendarDatesText.Parse("10-1 ~ 10-2\n2027-10-02", 2027);

        Assert.Equal("twice", Consult.Calendar.CalendarYear.Problem(2027, dates, [])?.Code);
    }
}
