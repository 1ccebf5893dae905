namespace Consult.Outbox;

/// <summary>How grains deliver what their outbox holds (<c>Consult:Outbox</c> in the host).</summary>
public sealed class OutboxOptions
{
    public const string Section = "Consult:Outbox";

    /// <summary>
    /// Period of the durable reminder that retries an outbox not yet delivered. Orleans refuses a
    /// period under its <c>ReminderOptions.MinimumReminderPeriod</c> (1 minute unless the host lowers it).
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Delay of the quick retries inside the activation, before the reminder's next tick.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Quick retries inside the activation; after them only the reminder retries.</summary>
    public int QuickRetries { get; set; } = 5;

    /// <summary>
    /// How long a delivery waits for its receiver's answer inside the sender's turn. Two grains
    /// that deliver to each other at the same moment (a case's new materials to its room while the
    /// room's close goes to the case) each hold their turn waiting for the other, and without this
    /// bound both wait for Orleans's 30 s response timeout, again at every retry, with every other
    /// call to either grain queued behind. Giving up frees the turn, so the other's call runs; the
    /// entry stays owed and is delivered again (receivers ignore repeats). Wall-clock time.
    /// </summary>
    public TimeSpan AnswerWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Deliver right after the write (the normal case). Tests turn it off to stand for a node that
    /// dies between a grain's write and its delivery: then only the durable reminder delivers.
    /// </summary>
    public bool DeliverAfterWrite { get; set; } = true;
}
