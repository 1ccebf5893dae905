using System.Collections.Immutable;
using Consult.Cases;
using Consult.Rooms;

namespace Consult.Metrics;

/// <summary>
/// The rows behind every figure of a period (<see cref="Figures"/>): the console counts these very
/// rows, and a drill-down or its CSV lists them, so a figure and its list cannot disagree.
/// </summary>
public sealed class FigureSets
{
    private readonly DateTimeOffset _from;
    private readonly DateTimeOffset _to;
    private readonly DateTimeOffset _now;
    private readonly DateOnly _today;
    private readonly IReadOnlyCollection<RoomRecord> _rooms;
    private readonly IReadOnlyCollection<DecisionRecord> _decisions;
    private readonly IReadOnlyCollection<CaseRecord> _cases;
    private readonly Dictionary<string, CaseRecord> _caseByNumber;
    private readonly Dictionary<Guid, RoomRecord> _roomById;

    public FigureSets(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, TimeZoneInfo zone,
        IReadOnlyCollection<RoomRecord> rooms, IReadOnlyCollection<DecisionRecord> decisions, IReadOnlyCollection<CaseRecord> cases)
    {
        (_from, _to, _now) = (from, to, now);
        _today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        _rooms = [.. rooms.DistinctBy(r => r.RoomId)];
        _decisions = [.. decisions.DistinctBy(d => (d.RoomId, d.Department))];
        _cases = [.. cases.DistinctBy(c => c.CaseId)];
        _caseByNumber = _cases.GroupBy(c => c.CaseNumber, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _roomById = _rooms.ToDictionary(r => r.RoomId);
    }

    private bool InRange(DateTimeOffset at) => at >= _from && at < _to;

    /// <summary>The rows of <paramref name="figure"/>, optionally of one matter and one department; empty for an unknown figure.</summary>
    public ImmutableArray<FigureRow> Rows(string figure, string? matter = null, string? department = null) =>
        [.. (figure switch
        {
            Figures.Received => Received(),
            Figures.RoomsOpened => _rooms.Where(r => InRange(r.OpenedAt)).Select(r => Room(figure, r, r.OpenedAt, null, null)),
            Figures.ToStart => ToStart(),
            Figures.RoomsClosed => Closed().Select(r => Room(figure, r, r.ClosedAt!.Value, (r.ClosedAt.Value - r.OpenedAt).TotalMinutes, Outcome(r))),
            Figures.RoomsClosedLate => Closed().Where(r => r.ClosedAt > r.Deadline)
                .Select(r => Room(figure, r, r.ClosedAt!.Value, (r.ClosedAt.Value - r.Deadline).TotalMinutes, Outcome(r))),
            Figures.RoomsOverdue => _rooms.Where(r => r.ClosedAt is null && _now > r.Deadline)
                .Select(r => Room(figure, r, r.Deadline, Math.Floor((_now - r.Deadline).TotalMinutes), null)),
            Figures.StatutoryInTime => Concluded().Where(c => c.ConcludedOn <= c.StatutoryDue).Select(c => Case(figure, c, c.ConcludedAt!.Value, Due(c))),
            Figures.StatutoryLate => Concluded().Where(c => c.ConcludedOn > c.StatutoryDue).Select(c => Case(figure, c, c.ConcludedAt!.Value, Due(c))),
            Figures.StatutoryOverdue => _cases.Where(c => c.ConcludedAt is null && c.Status != CaseStatus.Withdrawn && c.StatutoryDue < _today)
                .Select(c => Case(figure, c, c.RegisteredAt, Due(c))),
            Figures.Supplements => _cases.Where(c => InRange(c.RegisteredAt) && c.Supplements > 0)
                .Select(c => Case(figure, c, c.RegisteredAt, c.Supplements.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            Figures.TasksOverdue => TasksOverdue(),
            Figures.Responses => Decisions(ResponseKind.Own, figure),
            Figures.OnBehalf => Decisions(ResponseKind.OnBehalf, figure),
            Figures.Deemed => Decisions(ResponseKind.Deemed, figure),
            Figures.Cards => Cards(),
            _ => [],
        })
        .Where(r => (matter is null || r.MatterCode == matter) && (department is null || r.Department == department))
        .OrderBy(r => r.At).ThenBy(r => r.CaseNumber, StringComparer.Ordinal).ThenBy(r => r.Department, StringComparer.Ordinal)];

    private IEnumerable<RoomRecord> Closed() => _rooms.Where(r => r.ClosedAt is { } c && InRange(c));

    private IEnumerable<CaseRecord> Concluded() => _cases.Where(c => c.Decided && c.StatutoryDue is not null && InRange(c.ConcludedAt!.Value));

    private IEnumerable<FigureRow> Received() =>
        _cases.Where(c => InRange(c.RegisteredAt)).Select(c => Case(Figures.Received, c, c.RegisteredAt, c.Status.ToString()));

    /// <summary>Each case's first room, when it opened in the period: the wait from the case's registration.</summary>
    private IEnumerable<FigureRow> ToStart() =>
        _rooms.Where(r => _caseByNumber.ContainsKey(r.CaseNumber))
            .GroupBy(r => r.CaseNumber, StringComparer.Ordinal)
            .Select(g => g.MinBy(r => r.OpenedAt)!)
            .Where(r => InRange(r.OpenedAt))
            .Select(r => Room(Figures.ToStart, r, r.OpenedAt, Math.Max(0, (r.OpenedAt - _caseByNumber[r.CaseNumber].RegisteredAt).TotalMinutes), null));

    private IEnumerable<FigureRow> TasksOverdue() =>
        _cases.Where(c => c.Status != CaseStatus.Withdrawn)
            .SelectMany(c => (c.Tasks.IsDefault ? [] : c.Tasks).Where(t => t.DoneAt is null && t.Due < _today)
                .Select(t => new FigureRow(Figures.TasksOverdue, c.CaseNumber, c.MatterCode, DueInstant(t.Due), c.CaseId, null, t.Department,
                    null, $"#{t.TaskId} {t.Due:yyyy-MM-dd}")));

    private IEnumerable<FigureRow> Decisions(ResponseKind kind, string figure) =>
        _decisions.Where(d => d.Kind == kind && InRange(d.DecidedAt) && _roomById.ContainsKey(d.RoomId))
            .Select(d => Room(figure, _roomById[d.RoomId], d.DecidedAt, (d.DecidedAt - d.InvitedAt).TotalMinutes, null) with { Department = d.Department });

    private IEnumerable<FigureRow> Cards() =>
        _rooms.Where(r => InRange(r.OpenedAt) || r.ClosedAt is null)
            .SelectMany(r => (r.Cards.IsDefault ? [] : r.Cards).Where(c => c.Department is not null)
                .Select(c => Room(Figures.Cards, r, c.At, null, c.Level.ToString().ToLowerInvariant()) with { Department = c.Department }));

    private FigureRow Room(string figure, RoomRecord room, DateTimeOffset at, double? minutes, string? detail) =>
        new(figure, room.CaseNumber, room.MatterCode, at, _caseByNumber.GetValueOrDefault(room.CaseNumber)?.CaseId, room.RoomId, null,
            minutes is { } m ? Math.Round(m, 2) : null, detail);

    private static FigureRow Case(string figure, CaseRecord record, DateTimeOffset at, string? detail) =>
        new(figure, record.CaseNumber, record.MatterCode, at, record.CaseId, null, null, null, detail);

    private static string? Due(CaseRecord record) => record.StatutoryDue?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string? Outcome(RoomRecord room) => room.Outcome is { } o ? char.ToLowerInvariant(o.ToString()[0]) + o.ToString()[1..] : null;

    private static DateTimeOffset DueInstant(DateOnly due) => new(due.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
