using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Consult.Server.Ui;

/// <summary>
/// The calendar form's text: dates as an administrator copies them from the State Council's
/// notice. A date is <c>2027-10-01</c> or, within the year being edited, <c>10-1</c>; a run of days is
/// two dates joined by <c>~</c>, <c>至</c>, <c>到</c> or <c>..</c>; entries are separated by new lines,
/// commas, <c>、</c>, <c>；</c> or spaces. Shown back, consecutive days are written as one run.
/// </summary>
public static partial class CalendarDatesText
{
    /// <summary>The longest run of days one entry may name; a holiday run is at most a week or so.</summary>
    public const int MaxRun = 31;

    /// <summary>What the form could not read: <see cref="Code"/> is <c>unreadable</c> or <c>backwards</c> or <c>tooLong</c>; <see cref="Entry"/> as typed.</summary>
    public sealed record Unreadable(string Code, string Entry);

    public static string Format(IEnumerable<DateOnly> dates)
    {
        var text = new StringBuilder();
        var sorted = dates.Order().ToArray();
        for (var i = 0; i < sorted.Length;)
        {
            var end = i;
            while (end + 1 < sorted.Length && sorted[end + 1] == sorted[end].AddDays(1))
                end++;
            if (text.Length > 0)
                text.Append('\n');
            text.Append(Iso(sorted[i]));
            if (end > i)
                text.Append(" ~ ").Append(Iso(sorted[end]));
            i = end + 1;
        }

        return text.ToString();
    }

    /// <summary>The dates the text names (in the order typed, duplicates kept so the year's check can name them), or what it could not read.</summary>
    public static (ImmutableArray<DateOnly> Dates, Unreadable? Problem) Parse(string? text, int year)
    {
        var dates = ImmutableArray.CreateBuilder<DateOnly>();
        var joined = RangeJoin().Replace(text ?? "", "~");
        foreach (var entry in joined.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var ends = entry.Split('~');
            if (ends.Length > 2 || !TryDate(ends[0], year, out var first))
                return ([], new("unreadable", entry));
            if (ends.Length == 1)
            {
                dates.Add(first);
                continue;
            }

            if (!TryDate(ends[1], year, out var last))
                return ([], new("unreadable", entry));
            if (last < first)
                return ([], new("backwards", entry));
            if (last.DayNumber - first.DayNumber >= MaxRun)
                return ([], new("tooLong", entry));
            for (var day = first; day <= last; day = day.AddDays(1))
                dates.Add(day);
        }

        return (dates.ToImmutable(), null);
    }

    private static readonly char[] Separators = ['\n', '\r', ',', '，', '、', ';', '；', ' ', '\t', '　'];

    private static readonly string[] Formats = ["yyyy-M-d", "yyyy/M/d", "yyyy.M.d"];

    private static bool TryDate(string text, int year, out DateOnly date)
    {
        var trimmed = text.Trim();
        if (DateOnly.TryParseExact(trimmed, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            return true;
        return DateOnly.TryParseExact($"{year}-{trimmed.Replace('/', '-').Replace('.', '-')}", "yyyy-M-d", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A range's joining word with any spaces around it, made one <c>~</c> so the entry splits cleanly.</summary>
    [GeneratedRegex(@"\s*(~|～|至|到|\.\.)\s*")]
    private static partial Regex RangeJoin();
}
