using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Consult.Cases.Index;

/// <summary>
/// A listing without text, day by day as the day grains page it: a day wholly inside the period is
/// counted from its running counts (<c>day_count</c>), a day the period cuts from its lines in the
/// cut part; a page is read from the one or two days it falls in. So a count costs a row per day,
/// status and matter, and a page at most one day's offset, however many cases the period holds.
/// </summary>
public sealed partial class SqliteCaseIndex
{
    private static async Task<(int Count, ImmutableArray<CaseSummary> Lines)> ByDays(SqliteConnection connection, CaseQuery query, int skip, int take, CancellationToken cancellationToken)
    {
        var days = await DayCounts(connection, query, cancellationToken);
        var count = days.Sum(d => d.Count);
        var lines = ImmutableArray.CreateBuilder<CaseSummary>();
        skip = Math.Max(skip, 0);
        foreach (var (day, inDay) in days)
        {
            if (lines.Count >= take)
                break;
            if (skip >= inDay)
            {
                skip -= inDay;
                continue;
            }

            using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT {Columns} FROM case_line l INDEXED BY case_line_day
                WHERE l.day = $day AND l.created_at >= $from AND l.created_at <= $to AND l.pending = 0{Filters(query, command)}
                ORDER BY l.created_at DESC, l.id LIMIT $take OFFSET $skip
                """;
            command.Parameters.AddWithValue("$day", day);
            command.Parameters.AddWithValue("$from", query.From.UtcTicks);
            command.Parameters.AddWithValue("$to", query.To.UtcTicks);
            command.Parameters.AddWithValue("$take", take - lines.Count);
            command.Parameters.AddWithValue("$skip", skip);
            lines.AddRange(await Read(command, cancellationToken));
            skip = 0;
        }

        return (count, lines.ToImmutable());
    }

    /// <summary>The days of the period holding matching lines, newest first, with how many each holds.</summary>
    private static async Task<List<(string Day, int Count)>> DayCounts(SqliteConnection connection, CaseQuery query, CancellationToken cancellationToken)
    {
        var (from, to) = (query.From.UtcTicks, query.To.UtcTicks);
        var spans = new List<(string Day, long First, long Last)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT day, first_at, last_at FROM day_span WHERE day >= $first AND day <= $last ORDER BY day DESC";
            command.Parameters.AddWithValue("$first", DayKey(query.From.AddDays(-1)));
            command.Parameters.AddWithValue("$last", DayKey(query.To.AddDays(1)));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                spans.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        var counts = new List<(string, int)>();
        foreach (var (day, first, last) in spans)
        {
            if (last < from || first > to)
                continue;
            var whole = await Count(connection, query, "SELECT COALESCE(SUM(n), 0) FROM day_count l WHERE l.day = $day AND l.pending = 0", day, cancellationToken);
            int inDay;
            if (first >= from && last <= to)
            {
                inDay = whole;
            }
            else if (Math.Min(to, last) - Math.Max(from, first) < (last - first) / 2)
            {
                // The period holds the smaller part of the day: count that part.
                inDay = await Count(connection, query, InDay("l.created_at >= $from AND l.created_at <= $to"), day, cancellationToken);
            }
            else
            {
                // The period leaves out the smaller part: count what it leaves out.
                inDay = whole
                    - await Count(connection, query, InDay("l.created_at < $from"), day, cancellationToken)
                    - await Count(connection, query, InDay("l.created_at > $to"), day, cancellationToken);
            }

            if (inDay > 0)
                counts.Add((day, inDay));
        }

        return counts;
    }

    private static string InDay(string range) => $"SELECT COUNT(*) FROM case_line l INDEXED BY case_line_day WHERE l.day = $day AND {range} AND l.pending = 0";

    private static async Task<int> Count(SqliteConnection connection, CaseQuery query, string sql, string day, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql + Filters(query, command);
        command.Parameters.AddWithValue("$day", day);
        command.Parameters.AddWithValue("$from", query.From.UtcTicks);
        command.Parameters.AddWithValue("$to", query.To.UtcTicks);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>The status and matter conditions on <c>l</c> (a line or a day's count), with their parameters.</summary>
    private static string Filters(CaseQuery query, SqliteCommand command)
    {
        var filters = "";
        if (query.Status is { } status)
        {
            filters += " AND l.status = $status";
            command.Parameters.AddWithValue("$status", (int)status);
        }

        if (!string.IsNullOrEmpty(query.Matter))
        {
            filters += " AND l.matter = $matter";
            command.Parameters.AddWithValue("$matter", query.Matter);
        }

        return filters;
    }
}
