namespace Consult.Outbox;

/// <summary>
/// Something a grain owes another grain, recorded in the owing grain's state in the same write as
/// the change that caused it, and delivered until it is acknowledged. Receivers ignore repeats.
/// </summary>
[GenerateSerializer, Alias("consult.outbox.entry")]
public abstract record OutboxEntry
{
    /// <summary>
    /// What this entry says something about: a newer entry for the same slot replaces an older one
    /// still pending (the inbox line of one department, the case's status in the day index, …).
    /// </summary>
    public abstract string Slot { get; }

    /// <summary>The grain it goes to: entries to one target are delivered in the order they were recorded.</summary>
    public abstract string Target { get; }
}
