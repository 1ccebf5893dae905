using System.Collections.Immutable;
using System.Globalization;

namespace Consult.Calendar;

/// <summary>
/// The centre's working hours on a working day, written <c>08:30-12:00,13:30-17:30</c>
/// (<c>Consult:Centre:WorkingHours</c>): periods in order, none overlapping.
/// </summary>
public sealed record WorkingHours(ImmutableArray<WorkingPeriod> Periods)
{
    public const string Default = "08:30-12:00,13:30-17:30";

    /// <summary>Working time in one working day.</summary>
    public TimeSpan PerDay => Periods.Aggregate(TimeSpan.Zero, (sum, p) => sum + (p.End - p.Start));

    /// <summary>The hours written in <paramref name="text"/>, or null with the reason in <paramref name="problem"/>.</summary>
    public static WorkingHours? Parse(string? text, out string? problem)
    {
        problem = null;
        var periods = ImmutableArray.CreateBuilder<WorkingPeriod>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = part.Split('-', StringSplitOptions.TrimEntries);
            if (ends.Length != 2
                || !TimeOnly.TryParseExact(ends[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
                || !TimeOnly.TryParseExact(ends[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
            {
                problem = $"'{part}' is not a period such as 08:30-12:00.";
                return null;
            }

            if (end <= start || (periods.Count > 0 && start < periods[^1].End))
            {
                problem = $"'{part}' must end after it starts and begin after the period before it.";
                return null;
            }

            periods.Add(new WorkingPeriod(start, end));
        }

        if (periods.Count == 0)
        {
            problem = "at least one period such as 08:30-12:00 is needed.";
            return null;
        }

        return new WorkingHours(periods.ToImmutable());
    }

    public override string ToString() =>
        string.Join(',', Periods.Select(p => p.Start.ToString("HH:mm", CultureInfo.InvariantCulture) + "-" + p.End.ToString("HH:mm", CultureInfo.InvariantCulture)));
}
