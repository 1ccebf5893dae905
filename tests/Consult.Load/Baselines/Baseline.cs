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
}
