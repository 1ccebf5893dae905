namespace Consult.Cases;

/// <summary>The stored part of a case's statutory clock (see <see cref="StatutoryClock"/>).</summary>
[GenerateSerializer, Alias("consult.case-grain.statutory")]
public sealed class StatutoryState
{
    /// <summary>The matter's legal limit when the case was accepted; 0 for a case accepted before the clock existed.</summary>
    [Id(0)] public int LimitWorkingDays { get; set; }
    /// <summary>The registration date in the centre's time zone: the count starts the day after.</summary>
    [Id(1)] public DateOnly AcceptedOn { get; set; }
    [Id(2)] public List<StatutoryPause> Pauses { get; set; } = [];
    [Id(3)] public List<StatutoryExtension> Extensions { get; set; } = [];
    /// <summary>The red card, once: the clock ran out with the case undecided.</summary>
    [Id(4)] public DateTimeOffset? RedCardAt { get; set; }
    /// <summary>When the case was decided (or withdrawn): the clock stops there; null while it runs.</summary>
    [Id(5)] public DateTimeOffset? StoppedAt { get; set; }
}
