namespace Consult.Cases;

/// <summary>How a case watches its statutory clock.</summary>
public sealed class StatutoryClockOptions
{
    /// <summary>
    /// The longest wait between two looks of a case's durable clock reminder: it fires when the clock
    /// runs out, or after this long to look again (a reminder's due time cannot be weeks away, and the
    /// calendar may change meanwhile). At least Orleans' <c>ReminderOptions.MinimumReminderPeriod</c>.
    /// </summary>
    public TimeSpan CheckPeriod { get; set; } = TimeSpan.FromHours(1);
}
