using System.Collections.Immutable;
using Consult.Cases;

namespace Consult.Metrics;

/// <summary>
/// The case side of a period's figures (<see cref="Figures.Received"/>, the statutory figures,
/// <see cref="Figures.Supplements"/>, <see cref="Figures.TasksOverdue"/>): their counts, their rows
/// for a drill-down, and the cases the rooms belong to. Kept apart from the rooms because cases are
/// the volume: a SQLite projection answers it with counts (<see cref="Index.SqliteMetricsIndex"/>),
/// a list in memory (<see cref="CaseList"/>) where there is none.
/// </summary>
public interface ICaseFigureSource
{
    /// <summary>The counts of every case figure by matter, the supplements asked by matter, the overdue tasks by department.</summary>
    CaseTotals Totals();

    /// <summary>The rows of one case figure (unsorted), of one matter and one department if given.</summary>
    IEnumerable<FigureRow> Rows(string figure, string? matter, string? department);

    /// <summary>The case (first of its number) of each of <paramref name="numbers"/> the figures hold.</summary>
    IReadOnlyDictionary<string, CaseRef> ByNumber(IEnumerable<string> numbers);
}

/// <summary>A case as a room's figures need it.</summary>
public readonly record struct CaseRef(Guid CaseId, DateTimeOffset RegisteredAt);

/// <summary>The case figures of a period, by matter (and the overdue tasks by department).</summary>
public sealed record CaseTotals(
    ImmutableDictionary<string, ImmutableDictionary<string, int>> ByMatter,
    ImmutableDictionary<string, int> SupplementsByMatter,
    ImmutableDictionary<string, int> TasksOverdueByDepartment)
{
    /// <summary>The figures counted here.</summary>
    public static readonly ImmutableArray<string> Kinds =
        [Figures.Received, Figures.StatutoryInTime, Figures.StatutoryLate, Figures.StatutoryOverdue, Figures.Supplements, Figures.TasksOverdue];

    public static bool Counts(string figure) => Kinds.Contains(figure);

    public int Count(string figure) => ByMatter.TryGetValue(figure, out var m) ? m.Values.Sum() : 0;

    public int Count(string figure, string matter) => ByMatter.TryGetValue(figure, out var m) ? m.GetValueOrDefault(matter) : 0;

    public int Supplements(string matter) => SupplementsByMatter.GetValueOrDefault(matter);

    /// <summary>Every matter with a row in some case figure.</summary>
    public IEnumerable<string> Matters => ByMatter.Values.SelectMany(m => m.Where(x => x.Value > 0).Select(x => x.Key));

    /// <summary>Counts from rows: what a list in memory has.</summary>
    public static CaseTotals FromRows(Func<string, IEnumerable<FigureRow>> rows)
    {
        var byMatter = Kinds.ToImmutableDictionary(f => f, f => rows(f).GroupBy(r => r.MatterCode, StringComparer.Ordinal)
            .ToImmutableDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal));
        var supplements = rows(Figures.Supplements).GroupBy(r => r.MatterCode, StringComparer.Ordinal)
            .ToImmutableDictionary(g => g.Key, g => g.Sum(r => int.Parse(r.Detail!, System.Globalization.CultureInfo.InvariantCulture)), StringComparer.Ordinal);
        var tasks = rows(Figures.TasksOverdue).Where(r => r.Department is not null).GroupBy(r => r.Department!, StringComparer.Ordinal)
            .ToImmutableDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new CaseTotals(byMatter, supplements, tasks);
    }
}

/// <summary>The case figures from the records themselves, in memory (without a metrics index: Memory storage, and the arithmetic's tests).</summary>
public sealed class CaseList : ICaseFigureSource
{
    private readonly DateTimeOffset _from;
    private readonly DateTimeOffset _to;
    private readonly DateOnly _today;
    private readonly IReadOnlyCollection<CaseRecord> _cases;
    private readonly Dictionary<string, CaseRecord> _byNumber;

    public CaseList(DateTimeOffset from, DateTimeOffset to, DateOnly today, IReadOnlyCollection<CaseRecord> cases)
    {
        (_from, _to, _today) = (from, to, today);
        _cases = [.. cases.DistinctBy(c => c.CaseId)];
        _byNumber = _cases.GroupBy(c => c.CaseNumber, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    private bool InRange(DateTimeOffset at) => at >= _from && at < _to;

    public CaseTotals Totals() => CaseTotals.FromRows(f => Rows(f, null, null));

    public IReadOnlyDictionary<string, CaseRef> ByNumber(IEnumerable<string> numbers) =>
        numbers.Distinct(StringComparer.Ordinal).Where(_byNumber.ContainsKey)
            .ToDictionary(n => n, n => new CaseRef(_byNumber[n].CaseId, _byNumber[n].RegisteredAt), StringComparer.Ordinal);

    public IEnumerable<FigureRow> Rows(string figure, string? matter, string? department) =>
        (figure switch
        {
            Figures.Received => _cases.Where(c => InRange(c.RegisteredAt)).Select(c => Case(figure, c, c.RegisteredAt, c.Status.ToString())),
            Figures.StatutoryInTime => Concluded().Where(c => c.ConcludedOn <= c.StatutoryDue).Select(c => Case(figure, c, c.ConcludedAt!.Value, Due(c.StatutoryDue))),
            Figures.StatutoryLate => Concluded().Where(c => c.ConcludedOn > c.StatutoryDue).Select(c => Case(figure, c, c.ConcludedAt!.Value, Due(c.StatutoryDue))),
            Figures.StatutoryOverdue => _cases.Where(c => c.ConcludedAt is null && c.Status != CaseStatus.Withdrawn && c.StatutoryDue < _today)
                .Select(c => Case(figure, c, c.RegisteredAt, Due(c.StatutoryDue))),
            Figures.Supplements => _cases.Where(c => InRange(c.RegisteredAt) && c.Supplements > 0)
                .Select(c => Case(figure, c, c.RegisteredAt, c.Supplements.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            Figures.TasksOverdue => _cases.Where(c => c.Status != CaseStatus.Withdrawn)
                .SelectMany(c => (c.Tasks.IsDefault ? [] : c.Tasks).Where(t => t.DoneAt is null && t.Due < _today)
                    .Select(t => TaskRow(c.CaseNumber, c.MatterCode, c.CaseId, t.TaskId, t.Department, t.Due))),
            _ => [],
        })
        .Where(r => (matter is null || r.MatterCode == matter) && (department is null || r.Department == department));

    private IEnumerable<CaseRecord> Concluded() => _cases.Where(c => c.Decided && c.StatutoryDue is not null && InRange(c.ConcludedAt!.Value));

    private static FigureRow Case(string figure, CaseRecord record, DateTimeOffset at, string? detail) =>
        new(figure, record.CaseNumber, record.MatterCode, at, record.CaseId, null, null, null, detail);

    internal static FigureRow TaskRow(string number, string matter, Guid caseId, int taskId, string department, DateOnly due) =>
        new(Figures.TasksOverdue, number, matter, new DateTimeOffset(due.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), caseId, null, department,
            null, $"#{taskId} {due:yyyy-MM-dd}");

    internal static string? Due(DateOnly? due) => due?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
