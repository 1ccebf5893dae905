namespace Consult.Rooms;

/// <summary>The room's clock (<c>Consult:Clock</c> in the host): reminders, cards, and the period of its durable reminder.</summary>
public sealed class ClockOptions
{
    public const string Section = "Consult:Clock";

    /// <summary>How long before a scheduled start every invited seat is reminded.</summary>
    public TimeSpan StartReminderLead { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Shares of the session limit (between 0 and 1) at which undecided required and advisory seats
    /// are reminded; null means 0.5 and 0.8. (An array with defaults would have configured values
    /// appended to the defaults by the binder.)
    /// </summary>
    public double[]? ReminderFractions { get; set; }

    /// <summary>Share of the limit after which an undecided required seat gets a yellow card.</summary>
    public double YellowCardFraction { get; set; } = 0.8;

    /// <summary>A seat is reminded by hand (催办) at most once in this interval.</summary>
    public TimeSpan ManualReminderInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Period of the room's durable clock reminder. It is registered due at the next instant the
    /// clock acts; the period only matters when a tick is missed (a node died): Orleans then fires at
    /// the next period boundary. At least <c>ReminderOptions.MinimumReminderPeriod</c> (the host lowers that to match).
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    public IReadOnlyList<double> Fractions => ReminderFractions is { Length: > 0 } set ? [.. set.Order()] : [0.5, 0.8];
}
