using System.Globalization;
using System.Resources;
using Consult.Catalog;
using Consult.Rooms;

namespace Consult.Server.Records;

/// <summary>
/// The words of the record's PDF, from the UI's resources in one culture (zh-CN: the record goes
/// into a Chinese permit file whatever language its reader chose).
/// </summary>
public sealed class RecordLabels(CultureInfo culture)
{
    private static readonly ResourceManager Resources = new("Consult.Server.Resources.SharedResource", typeof(SharedResource).Assembly);

    public static RecordLabels Chinese { get; } = new(CultureInfo.GetCultureInfo("zh-CN"));

    public CultureInfo Culture => culture;

    public string this[string key] => Resources.GetString(key, culture) is { Length: > 0 } text ? text : key;

    public string Outcome(DecisionOutcome outcome) => this[$"Outcome_{outcome}"];

    public string Joint(JointOutcome outcome) => this[$"Joint_{outcome}"];

    public string Role(SeatRole role) => this[$"Role_{role}"];

    public string Rule(JointRuleKind rule) => this[$"Rule_{rule}"];

    /// <summary>A time in the call: hours, minutes and seconds (minutes and seconds under an hour).</summary>
    public string Duration(long seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Max(0, seconds));
        return span.TotalHours >= 1
            ? string.Format(culture, this["Record_DurationHours"], (long)span.TotalHours, span.Minutes, span.Seconds)
            : string.Format(culture, this["Record_DurationMinutes"], span.Minutes, span.Seconds);
    }
}
