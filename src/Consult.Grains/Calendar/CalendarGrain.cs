using System.Collections.Immutable;
using Consult.Common;
using Consult.Hosting;

namespace Consult.Calendar;

/// <summary>
/// Holds the years an administrator loaded (durably, in the cluster's grain storage) over the
/// years shipped in <see cref="CalendarFile"/>. The shipped years are read at activation and never
/// stored, so a build that ships a corrected or a new year takes effect without a migration,
/// while a year an administrator loaded keeps precedence.
/// </summary>
public sealed class CalendarGrain(
    [PersistentState(StateNames.Calendar, StorageNames.Consult)] IPersistentState<CalendarGrain.State> state,
    TimeProvider time) : Grain, ICalendarGrain
{
    private ImmutableArray<CalendarYear> _shipped = [];
    private CalendarSnapshot? _snapshot;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _shipped = CalendarFile.Load();
        return Task.CompletedTask;
    }

    public Task<CalendarSnapshot> Get() => Task.FromResult(_snapshot ??= Snapshot());

    public async Task<CalendarSnapshot> Put(Actor actor, int year, ImmutableArray<DateOnly> holidays, ImmutableArray<DateOnly> workdays)
    {
        if (!actor.IsAdmin)
            throw ConsultException.Forbidden("Only administrators load the working calendar.");
        var loaded = CalendarYear.Create(year, holidays.IsDefault ? null : holidays, workdays.IsDefault ? null : workdays,
            CalendarSources.Admin, actor.UserName, time.GetUtcNow());
        state.State.Years[year] = loaded;
        state.State.Revision++;
        _snapshot = null;
        // A failed write deactivates this grain (FailedCallDeactivationFilter): the next call reads what is stored.
        await state.WriteStateAsync();
        return await Get();
    }

    private CalendarSnapshot Snapshot()
    {
        var years = _shipped.ToDictionary(y => y.Year);
        foreach (var (year, loaded) in state.State.Years)
            years[year] = loaded;
        return new CalendarSnapshot(state.State.Revision, [.. years.Values.OrderBy(y => y.Year)]);
    }

    [GenerateSerializer, Alias("consult.calendar-grain.state")]
    public sealed class State
    {
        /// <summary>The years loaded by an administrator, by year.</summary>
        [Id(0)]
        public Dictionary<int, CalendarYear> Years { get; set; } = [];

        [Id(1)]
        public long Revision { get; set; }
    }
}
