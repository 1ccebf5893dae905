using System.Collections.Immutable;
using Consult.Calendar;
using Consult.Common;
using Consult.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Consult.Server.Caching;

/// <summary>
/// This node's copy of the working calendar, so that working-day questions (every due date, every
/// page that shows one) cost no grain call. The calendar grain is the one authority; the copy is
/// read again from it at most every <c>Consult:Cache:CalendarSeconds</c> (10 s), and replaced at
/// once by the answer of an administrator's change made through this node.
///
/// Why not <see cref="Microsoft.Extensions.Caching.Distributed.IDistributedCache"/>: in Embedded
/// mode it is memory per node, so an invalidation there would not reach a second local node
/// either, and in Cluster mode it would put a Redis round trip and a deserialisation on every
/// question. So: a change is seen at once on the node that made it, and within the interval on
/// every other node (in both modes), which is far below the day a calendar change is about. The
/// copy keeps the highest <see cref="CalendarSnapshot.Revision"/> it has seen, so a slow read that
/// started before a change cannot put the older calendar back.
/// </summary>
public sealed class CalendarReader(IGrainFactory grains, IOptions<ConsultOptions> options, TimeProvider time, Admin.AdminAudit audit)
{
    private readonly Lock _gate = new();
    private Copy? _copy;
    private Task<CalendarSnapshot>? _reading;

    private sealed record Copy(long Revision, WorkingCalendar Calendar, DateTimeOffset ReadAt);

    private ICalendarGrain Grain => grains.GetGrain<ICalendarGrain>(0);

    /// <summary>The calendar as of at most <c>Consult:Cache:CalendarSeconds</c> ago.</summary>
    public async Task<WorkingCalendar> Current()
    {
        var copy = _copy;
        if (copy is not null && time.GetUtcNow() - copy.ReadAt < TimeSpan.FromSeconds(options.Value.Cache.CalendarSeconds))
            return copy.Calendar;

        Task<CalendarSnapshot> reading;
        lock (_gate)
            reading = _reading ??= Grain.Get();
        try
        {
            return Keep(await reading);
        }
        finally
        {
            lock (_gate)
            {
                if (_reading == reading)
                    _reading = null;
            }
        }
    }

    /// <summary>Loads a year (the grain checks the administrator and the data) and keeps the answer.</summary>
    public async Task<WorkingCalendar> Put(Actor actor, int year, ImmutableArray<DateOnly> holidays, ImmutableArray<DateOnly> workdays)
    {
        var before = (await Grain.Get()).Years.FirstOrDefault(y => y.Year == year);
        var after = await Grain.Put(actor, year, holidays, workdays);
        await audit.Record(actor, Admin.AdminAudit.Calendar, year.ToString(System.Globalization.CultureInfo.InvariantCulture), "load-year",
            before is null ? null : new { before.Holidays, before.Workdays, before.Source },
            new { holidays, workdays });
        return Keep(after);
    }

    /// <summary>The years this node counts Monday to Friday among those a person is looking ahead to (this year and next).</summary>
    public async Task<ImmutableArray<int>> AssumedYearsAhead(TimeZoneInfo zone)
    {
        var calendar = await Current();
        var year = TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).Year;
        return [.. new[] { year, year + 1 }.Where(calendar.IsAssumed)];
    }

    private WorkingCalendar Keep(CalendarSnapshot snapshot)
    {
        lock (_gate)
        {
            if (_copy is { } copy && copy.Revision > snapshot.Revision)
                return copy.Calendar;
            _copy = new Copy(snapshot.Revision, snapshot.ToWorkingCalendar(), time.GetUtcNow());
            return _copy.Calendar;
        }
    }
}
