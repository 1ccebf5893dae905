using System.Collections.Immutable;
using Consult.Cases;
using Microsoft.Data.Sqlite;

namespace Consult.Metrics.Index;

/// <summary>
/// The case figures of a period from the metrics index: whole hours from the running counts, the
/// parts of the (at most two) hours the period cuts from the case rows; the overdue figures from
/// the counts per due day. Nothing of a day or a month is loaded; only a drill-down reads rows.
/// </summary>
internal sealed class SqliteCaseFigures(SqliteConnection connection, MetricsScope scope) : ICaseFigureSource
{
    private const string Statutory = "statutory";

    public CaseTotals Totals()
    {
        var byMatter = CaseTotals.Kinds.ToDictionary(f => f, _ => ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal));
        var supplements = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        var (hours, edges) = Split();
        Each($"""
            SELECT matter, SUM(n), SUM(sc), SUM(ss) FROM (
                SELECT matter, n, supp_cases AS sc, supp_sum AS ss FROM agg_received WHERE month BETWEEN $m0 AND $m1 AND hour >= $h0 AND hour < $h1
                UNION ALL SELECT matter, 1, supplements > 0, supplements FROM metric_case WHERE registered_at >= $from AND registered_at < $e0 AND month BETWEEN $m0 AND $m1
                UNION ALL SELECT matter, 1, supplements > 0, supplements FROM metric_case WHERE registered_at >= $e1 AND registered_at < $to AND month BETWEEN $m0 AND $m1)
            GROUP BY matter
            """, r =>
        {
            Add(byMatter[Figures.Received], r.GetString(0), r.GetInt32(1));
            Add(byMatter[Figures.Supplements], r.GetString(0), r.GetInt32(2));
            Add(supplements, r.GetString(0), r.GetInt32(3));
        }, hours, edges);
        Each($"""
            SELECT matter, {Statutory}, SUM(n) FROM (
                SELECT matter, {Statutory}, n FROM agg_concluded WHERE month BETWEEN $m0 AND $m1 AND hour >= $h0 AND hour < $h1
                UNION ALL SELECT matter, {Statutory}, 1 FROM metric_case WHERE concluded_at >= $from AND concluded_at < $e0 AND month BETWEEN $m0 AND $m1 AND {Statutory} > 0
                UNION ALL SELECT matter, {Statutory}, 1 FROM metric_case WHERE concluded_at >= $e1 AND concluded_at < $to AND month BETWEEN $m0 AND $m1 AND {Statutory} > 0)
            GROUP BY matter, {Statutory}
            """, r => Add(byMatter[r.GetInt32(1) == 1 ? Figures.StatutoryInTime : Figures.StatutoryLate], r.GetString(0), r.GetInt32(2)), hours, edges);
        Each("SELECT matter, SUM(n) FROM agg_open WHERE month BETWEEN $m0 AND $m1 AND due < $today GROUP BY matter",
            r => Add(byMatter[Figures.StatutoryOverdue], r.GetString(0), r.GetInt32(1)), hours, edges);
        var tasks = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        Each("SELECT matter, department, SUM(n) FROM agg_task WHERE month BETWEEN $m0 AND $m1 AND due < $today GROUP BY matter, department", r =>
        {
            Add(byMatter[Figures.TasksOverdue], r.GetString(0), r.GetInt32(2));
            Add(tasks, r.GetString(1), r.GetInt32(2));
        }, hours, edges);
        return new CaseTotals(byMatter.ToImmutableDictionary(x => x.Key, x => x.Value.ToImmutable()), supplements.ToImmutable(), tasks.ToImmutable());
    }

    public IReadOnlyDictionary<string, CaseRef> ByNumber(IEnumerable<string> numbers)
    {
        var found = new Dictionary<string, CaseRef>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT case_id, registered_at, registered_offset FROM metric_case WHERE number = $number AND month BETWEEN $m0 AND $m1 ORDER BY grain_id LIMIT 1";
        command.Parameters.AddWithValue("$m0", scope.FirstMonth);
        command.Parameters.AddWithValue("$m1", scope.LastMonth);
        var number = command.Parameters.Add("$number", SqliteType.Text);
        foreach (var n in numbers.Distinct(StringComparer.Ordinal))
        {
            number.Value = n;
            using var reader = command.ExecuteReader();
            if (reader.Read())
                found[n] = new CaseRef(Guid.Parse(reader.GetString(0)), At(reader.GetInt64(1), reader.GetInt32(2)));
        }

        return found;
    }

    public IEnumerable<FigureRow> Rows(string figure, string? matter, string? department)
    {
        if (department is not null && figure != Figures.TasksOverdue)
            return [];
        const string Case = "SELECT number, matter, case_id, registered_at, registered_offset, concluded_at, concluded_offset, status, due, supplements FROM metric_case";
        var (sql, detail) = figure switch
        {
            Figures.Received => ($"{Case} WHERE registered_at >= $from AND registered_at < $to", 'r'),
            Figures.Supplements => ($"{Case} WHERE registered_at >= $from AND registered_at < $to AND supplements > 0", 's'),
            Figures.StatutoryInTime => ($"{Case} WHERE concluded_at >= $from AND concluded_at < $to AND {Statutory} = 1", 'c'),
            Figures.StatutoryLate => ($"{Case} WHERE concluded_at >= $from AND concluded_at < $to AND {Statutory} = 2", 'c'),
            Figures.StatutoryOverdue => ($"{Case} WHERE open_due < $today", 'o'),
            Figures.TasksOverdue => ("SELECT c.number, t.matter, t.case_id, t.task_id, t.department, t.due FROM metric_task t JOIN metric_case c ON c.case_id = t.case_id WHERE t.due < $today", 't'),
            _ => ("", ' '),
        };
        if (sql.Length == 0)
            return [];
        var rows = new List<FigureRow>();
        var prefix = detail == 't' ? "t." : "";
        Each($"{sql} AND {prefix}month BETWEEN $m0 AND $m1" + (matter is null ? "" : $" AND {prefix}matter = $matter")
            + (department is null ? "" : " AND t.department = $department"), r => rows.Add(detail switch
        {
            't' => CaseList.TaskRow(r.GetString(0), r.GetString(1), Guid.Parse(r.GetString(2)), r.GetInt32(3), r.GetString(4), DateOnly.FromDayNumber(r.GetInt32(5))),
            _ => new FigureRow(figure, r.GetString(0), r.GetString(1),
                detail == 'c' ? At(r.GetInt64(5), r.GetInt32(6)) : At(r.GetInt64(3), r.GetInt32(4)),
                Guid.Parse(r.GetString(2)), null, null, null,
                detail switch
                {
                    'r' => ((CaseStatus)r.GetInt32(7)).ToString(),
                    's' => r.GetInt32(9).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    _ => CaseList.Due(r.IsDBNull(8) ? null : DateOnly.FromDayNumber(r.GetInt32(8))),
                }),
        }), (0, 0), (0, 0), matter, department);
        return rows;
    }

    /// <summary>The whole hours within the period (from the counts), and where the cut hours' parts end and start (from the rows).</summary>
    private ((long H0, long H1), (long E0, long E1)) Split()
    {
        var (from, to) = (scope.From.UtcTicks, scope.To.UtcTicks);
        var h0 = (from + TimeSpan.TicksPerHour - 1) / TimeSpan.TicksPerHour;
        var h1 = to / TimeSpan.TicksPerHour;
        return h0 < h1 ? ((h0, h1), (h0 * TimeSpan.TicksPerHour, h1 * TimeSpan.TicksPerHour)) : ((0, 0), (to, to));
    }

    private void Each(string sql, Action<SqliteDataReader> row, (long H0, long H1) hours, (long E0, long E1) edges, string? matter = null, string? department = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var p = command.Parameters;
        p.AddWithValue("$m0", scope.FirstMonth);
        p.AddWithValue("$m1", scope.LastMonth);
        p.AddWithValue("$from", scope.From.UtcTicks);
        p.AddWithValue("$to", scope.To.UtcTicks);
        p.AddWithValue("$today", scope.Today.DayNumber);
        p.AddWithValue("$h0", hours.H0);
        p.AddWithValue("$h1", hours.H1);
        p.AddWithValue("$e0", edges.E0);
        p.AddWithValue("$e1", edges.E1);
        p.AddWithValue("$matter", (object?)matter ?? DBNull.Value);
        p.AddWithValue("$department", (object?)department ?? DBNull.Value);
        using var reader = command.ExecuteReader();
        while (reader.Read())
            row(reader);
    }

    private static void Add(ImmutableDictionary<string, int>.Builder counts, string key, int n)
    {
        if (n > 0)
            counts[key] = counts.GetValueOrDefault(key) + n;
    }

    private static DateTimeOffset At(long utcTicks, int offsetMinutes)
    {
        var offset = TimeSpan.FromMinutes(offsetMinutes);
        return new DateTimeOffset(utcTicks + offset.Ticks, offset);
    }
}
