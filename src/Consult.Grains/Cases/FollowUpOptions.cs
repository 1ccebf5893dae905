namespace Consult.Cases;

/// <summary>The follow-up tasks made at close (<c>Consult:Tasks</c> in the host).</summary>
public sealed class FollowUpOptions
{
    public const string Section = "Consult:Tasks";

    /// <summary>The longest a department may be given: about three months of working days.</summary>
    public const int MaxDueWorkingDays = 60;

    /// <summary>
    /// A task is due this many working days after the day its room closed (in the centre's working
    /// calendar: holidays and make-up days counted); 0 makes it due the day of the close.
    /// </summary>
    public int DueWorkingDays { get; set; } = 10;
}
