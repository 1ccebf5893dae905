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
}
