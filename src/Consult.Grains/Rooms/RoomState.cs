using Consult.Catalog;

namespace Consult.Rooms;

/// <summary>A room's persisted state: its seats and its whole event log, written together.</summary>
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
    [Id(10)] public List<RoomEvent> Events { get; set; } = [];
    /// <summary>Decisions by idempotency key: the input first recorded under it.</summary>
    [Id(11)] public Dictionary<string, DecisionInput> DecisionKeys { get; set; } = [];
    /// <summary>Messages by author and client message id: the seq they were recorded at.</summary>
    [Id(12)] public Dictionary<string, long> MessageKeys { get; set; } = [];
    [Id(13)] public RoomStatus Status { get; set; }
    [Id(14)] public string? Statement { get; set; }
    [Id(15)] public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>The outcome confirmed by closing; while open it is computed, never stored.</summary>
    [Id(16)] public JointOutcome? ClosedOutcome { get; set; }
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
