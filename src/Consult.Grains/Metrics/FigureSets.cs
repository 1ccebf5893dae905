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
    private readonly IReadOnlyCollection<RoomRecord> _rooms;
    private readonly IReadOnlyCollection<DecisionRecord> _decisions;
    private readonly ICaseFigureSource _cases;
    private readonly IReadOnlyDictionary<string, CaseRef> _caseByNumber;
    private readonly Dictionary<Guid, RoomRecord> _roomById;

    public FigureSets(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, TimeZoneInfo zone,
        IReadOnlyCollection<RoomRecord> rooms, IReadOnlyCollection<DecisionRecord> decisions, IReadOnlyCollection<CaseRecord> cases)
        : this(from, to, now, rooms, decisions, new CaseList(from, to, Today(now, zone), cases))
    {
    }

    /// <summary>The figures with their case side from <paramref name="cases"/> (a projection's counts, or a list).</summary>
    public FigureSets(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now,
        IReadOnlyCollection<RoomRecord> rooms, IReadOnlyCollection<DecisionRecord> decisions, ICaseFigureSource cases)
    {
        (_from, _to, _now) = (from, to, now);
        _rooms = [.. rooms.DistinctBy(r => r.RoomId)];
        _decisions = [.. decisions.DistinctBy(d => (d.RoomId, d.Department))];
        _cases = cases;
        _caseByNumber = cases.ByNumber(_rooms.Select(r => r.CaseNumber));
        _roomById = _rooms.ToDictionary(r => r.RoomId);
    }

    /// <summary>The day of <paramref name="now"/> in the centre's time zone: what "overdue" is counted against.</summary>
    public static DateOnly Today(DateTimeOffset now, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);

    /// <summary>The case figures' counts.</summary>
    public CaseTotals Totals() => _cases.Totals();

    private bool InRange(DateTimeOffset at) => at >= _from && at < _to;

    /// <summary>The rows of <paramref name="figure"/>, optionally of one matter and one department; empty for an unknown figure.</summary>
    public ImmutableArray<FigureRow> Rows(string figure, string? matter = null, string? department = null) =>
        [.. (CaseTotals.Counts(figure) ? _cases.Rows(figure, matter, department) : RoomRows(figure))
        .Where(r => (matter is null || r.MatterCode == matter) && (department is null || r.Department == department))
        .OrderBy(r => r.At).ThenBy(r => r.CaseNumber, StringComparer.Ordinal).ThenBy(r => r.Department, StringComparer.Ordinal)];

    private IEnumerable<FigureRow> RoomRows(string figure) =>
        figure switch
        {
            Figures.RoomsOpened => _rooms.Where(r => InRange(r.OpenedAt)).Select(r => Room(figure, r, r.OpenedAt, null, null)),
            Figures.ToStart => ToStart(),
            Figures.RoomsClosed => Closed().Select(r => Room(figure, r, r.ClosedAt!.Value, (r.ClosedAt.Value - r.OpenedAt).TotalMinutes, Outcome(r))),
            Figures.RoomsClosedLate => Closed().Where(r => r.ClosedAt > r.Deadline)
                .Select(r => Room(figure, r, r.ClosedAt!.Value, (r.ClosedAt.Value - r.Deadline).TotalMinutes, Outcome(r))),
            Figures.RoomsOverdue => _rooms.Where(r => r.ClosedAt is null && _now > r.Deadline)
                .Select(r => Room(figure, r, r.Deadline, Math.Floor((_now - r.Deadline).TotalMinutes), null)),
            Figures.Responses => Decisions(ResponseKind.Own, figure),
            Figures.OnBehalf => Decisions(ResponseKind.OnBehalf, figure),
            Figures.Deemed => Decisions(ResponseKind.Deemed, figure),
            Figures.Cards => Cards(),
            _ => [],
        };

    private IEnumerable<RoomRecord> Closed() => _rooms.Where(r => r.ClosedAt is { } c && InRange(c));

    /// <summary>Each case's first room, when it opened in the period: the wait from the case's registration.</summary>
    private IEnumerable<FigureRow> ToStart() =>
        _rooms.Where(r => _caseByNumber.ContainsKey(r.CaseNumber))
            .GroupBy(r => r.CaseNumber, StringComparer.Ordinal)
            .Select(g => g.MinBy(r => r.OpenedAt)!)
            .Where(r => InRange(r.OpenedAt))
            .Select(r => Room(Figures.ToStart, r, r.OpenedAt, Math.Max(0, (r.OpenedAt - _caseByNumber[r.CaseNumber].RegisteredAt).TotalMinutes), null));

    private IEnumerable<FigureRow> Decisions(ResponseKind kind, string figure) =>
        _decisions.Where(d => d.Kind == kind && InRange(d.DecidedAt) && _roomById.ContainsKey(d.RoomId))
            .Select(d => Room(figure, _roomById[d.RoomId], d.DecidedAt, (d.DecidedAt - d.InvitedAt).TotalMinutes, null) with { Department = d.Department });

    private IEnumerable<FigureRow> Cards() =>
        _rooms.Where(r => InRange(r.OpenedAt) || r.ClosedAt is null)
            .SelectMany(r => (r.Cards.IsDefault ? [] : r.Cards).Where(c => c.Department is not null)
                .Select(c => Room(Figures.Cards, r, c.At, null, c.Level.ToString().ToLowerInvariant()) with { Department = c.Department }));

    private FigureRow Room(string figure, RoomRecord room, DateTimeOffset at, double? minutes, string? detail) =>
        new(figure, room.CaseNumber, room.MatterCode, at, _caseByNumber.TryGetValue(room.CaseNumber, out var c) ? c.CaseId : null, room.RoomId, null,
            minutes is { } m ? Math.Round(m, 2) : null, detail);

    private static string? Outcome(RoomRecord room) => room.Outcome is { } o ? char.ToLowerInvariant(o.ToString()[0]) + o.ToString()[1..] : null;
}
