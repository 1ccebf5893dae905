using System.Collections.Immutable;
using System.Globalization;
using Consult.Calendar;
using Consult.Common;
using Consult.Grains.Tests.Fixtures;

namespace Consult.Grains.Tests.Calendar;

/// <summary>The calendar grain on the test cluster: shipped years, an administrator's years, refusals that change nothing.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CalendarGrainTests(ClusterFixture fixture)
{
    private ICalendarGrain Grain => fixture.Grains.GetGrain<ICalendarGrain>(0);

    private static DateOnly D(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task TheShipped2026IsThereBeforeAnyoneLoadsAYear()
    {
        var year = (await Grain.Get()).ToWorkingCalendar().Year(2026);

        Assert.NotNull(year);
        Assert.Equal(CalendarSources.Shipped, year.Source);
        Assert.Null(year.LoadedBy);
        Assert.Contains(D("2026-10-10"), year.Workdays);
    }

    [Fact]
    public async Task AnAdministratorLoadsAYearAndItIsCountedWithWhoAndWhen()
    {
        Assert.True((await Grain.Get()).ToWorkingCalendar().IsAssumed(2029));
        var before = await Grain.Get();

        var after = await Grain.Put(Actors.Admin, 2029, [D("2029-01-01"), D("2029-01-02")], [D("2029-01-06")]);

        Assert.True(after.Revision > before.Revision);
        var year = after.ToWorkingCalendar().Year(2029)!;
        Assert.Equal(CalendarSources.Admin, year.Source);
        Assert.Equal("admin", year.LoadedBy);
        Assert.NotNull(year.LoadedAt);
        // Dec 31 2028 is a Sunday: Jan 1–2 are off, Saturday Jan 6 is worked.
        Assert.Equal(D("2029-01-03"), after.ToWorkingCalendar().AddWorkingDays(D("2028-12-31"), 1).Date);
        Assert.Equal(D("2029-01-06"), after.ToWorkingCalendar().AddWorkingDays(D("2028-12-31"), 4).Date);
        Assert.Equal(2029, (await Grain.Get()).ToWorkingCalendar().Year(2029)?.Year);
    }

    [Fact]
    public async Task OnlyAnAdministratorLoadsAYearAndARefusalChangesNothing()
    {
        var before = await Grain.Get();
        foreach (var actor in new[] { Actors.Window, Actors.Manager, Actors.Rep("road-admin") })
        {
            var refused = await Assert.ThrowsAsync<ConsultException>(() => Grain.Put(actor, 2030, [D("2030-01-01")], []));
            Assert.Equal(ErrorCodes.Forbidden, refused.Code);
        }

        ImmutableArray<DateOnly>[][] bad =
        [
            [[D("2031-01-01")], []],
            [[D("2030-01-05")], [D("2030-01-05")]],
            [[], [D("2030-01-07")]],
            [default, []],
        ];
        foreach (var lists in bad)
        {
            var refused = await Assert.ThrowsAsync<ConsultException>(() => Grain.Put(Actors.Admin, 2030, lists[0], lists[1]));
            Assert.Equal(ErrorCodes.InvalidInput, refused.Code);
        }

        var after = await Grain.Get();
        Assert.Equal(before.Revision, after.Revision);
        Assert.True(after.ToWorkingCalendar().IsAssumed(2030));
    }
}
