using Consult.Catalog;
using Consult.Outbox;

namespace Consult.Rooms;

/// <summary>
/// A room's persisted state: its seats and the tail of its event log, written together on every
/// change. Older events are sealed, <see cref="ConsultationGrain.ChunkSize"/> at a time, into
/// <see cref="RoomLogChunk"/>s written once each, so a write costs the same on the first day of a
/// consultation as after a thousand messages.
/// </summary>
[GenerateSerializer, Alias("consult.room-grain.state")]
public sealed class RoomState
{
    [Id(0)] public bool Opened { get; set; }
    [Id(1)] public Guid CaseId { get; set; }
    [Id(2)] public string CaseNumber { get; set; } = "";
    [Id(3)] public string MatterCode { get; set; } = "";
    [Id(4)] public JointRuleKind Rule { get; set; }
    [Id(5)] public string Convener { get; set; } = "";
    [Id(6)] public DateTimeOffset OpenedAt { get; set; }
    [Id(7)] public DateTimeOffset? ScheduledAt { get; set; }
    [Id(8)] public DateTimeOffset Deadline { get; set; }
    [Id(9)] public List<SeatState> Seats { get; set; } = [];
    /// <summary>The events after <see cref="SealedCount"/>, in seq order.</summary>
    [Id(10)] public List<RoomEvent> Events { get; set; } = [];
    // Ids 11 and 12 held the idempotency keys of the whole log before it was sealed in chunks.
    [Id(13)] public RoomStatus Status { get; set; }
    [Id(14)] public string? Statement { get; set; }
    [Id(15)] public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>The outcome confirmed by closing; while open it is computed, never stored.</summary>
    [Id(16)] public JointOutcome? ClosedOutcome { get; set; }
    /// <summary>How many events (from seq 1) are in sealed chunks; a hint: chunks are found by reading them.</summary>
    [Id(17)] public long SealedCount { get; set; }
    /// <summary>The idempotency key (decisions) or author and client message id (messages) of tail events, by seq.</summary>
    [Id(18)] public Dictionary<long, string> TailKeys { get; set; } = [];
    /// <summary>What the room still owes the case, the inboxes and the metrics.</summary>
    [Id(19)] public OutboxState Outbox { get; set; } = new();
    /// <summary>
    /// False for a room stored before it had an outbox: on activation it owes everything once more
    /// (receivers ignore what they have), since what it failed to tell then was kept nowhere.
    /// </summary>
    [Id(20)] public bool OutboxKept { get; set; }
}

/// <summary><see cref="ConsultationGrain.ChunkSize"/> consecutive events of a room's log, written once.</summary>
[GenerateSerializer, Alias("consult.room-grain.log-chunk")]
public sealed class RoomLogChunk
{
    [Id(0)] public List<RoomEvent> Events { get; set; } = [];
    [Id(1)] public Dictionary<long, string> Keys { get; set; } = [];
}

[GenerateSerializer, Alias("consult.room-grain.seat")]
public sealed class SeatState
{
    [Id(0)] public string Department { get; set; } = "";
    [Id(1)] public SeatRole Role { get; set; }
    [Id(2)] public SeatStatus Status { get; set; }
    [Id(3)] public DateTimeOffset InvitedAt { get; set; }
    [Id(4)] public DecisionView? Decision { get; set; }

    public SeatView ToView(System.Collections.Immutable.ImmutableArray<string> present) => new(Department, Role, Status, InvitedAt, Decision, present);
}
