namespace Consult.Load;

public enum Baseline
{
    /// <summary>A bare SignalR hub that only sends to a group: the floor.</summary>
    B0,

    /// <summary>Consult with in-memory grain storage (<c>Consult:Storage=Memory</c>).</summary>
    B1,

    /// <summary>Consult as shipped: the durable embedded storage (SQLite, synchronous FULL).</summary>
    B2,

    /// <summary>The bare hub with a Redis SignalR backplane and a Redis write per decision (a redis-server started by the tool).</summary>
    B3,

    /// <summary>
    /// The bare hub again, in a process of its own like B0: an A/A check. Its ratios to B0 are how far
    /// two measurements of the same server differ on this machine, in the same run.
    /// </summary>
    B0b,

    /// <summary>
    /// The bare hub speaking the contract's messages (<see cref="Baselines.BareContractHub"/>): a whole room snapshot
    /// answered to every decision, Consult's event for it. What the message shapes cost, without sign-in, grains or storage.
    /// </summary>
    B0c,

    /// <summary>
    /// B3 with a Redis that makes every write durable before it answers (<c>appendfsync always</c>), as Consult makes
    /// a decision durable before it answers and sends it: B3's Redis fsyncs once a second, so a decision it
    /// acknowledged can be lost with the machine's power.
    /// </summary>
    B3a,

    /// <summary>
    /// Consult as B2, started with the extra environment of <c>--b2b-env</c> (runtime variables, or settings as
    /// <c>Section__Key</c>): an A/B of one setting against B2 in the same run, interleaved, before it is shipped.
    /// </summary>
    B2b,
}
