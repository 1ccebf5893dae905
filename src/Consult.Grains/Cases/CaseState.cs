using Consult.Outbox;

namespace Consult.Cases;

[GenerateSerializer, Alias("consult.case-grain.state")]
public sealed class CaseState
{
    [Id(0)] public bool Registered { get; set; }
    [Id(1)] public string CaseNumber { get; set; } = "";
    [Id(2)] public string DayKey { get; set; } = "";
    [Id(3)] public string MatterCode { get; set; } = "";
    [Id(4)] public ApplicantInfo? Applicant { get; set; }
    [Id(5)] public string Summary { get; set; } = "";
    [Id(6)] public List<MaterialInfo> Materials { get; set; } = [];
    [Id(7)] public string ReceivingOfficer { get; set; } = "";
    [Id(8)] public CaseStatus Status { get; set; }
    [Id(9)] public DateTimeOffset CreatedAt { get; set; }
    [Id(10)] public List<TimelineEntry> Timeline { get; set; } = [];
    [Id(11)] public List<Guid> Rooms { get; set; } = [];
    [Id(12)] public Guid? CurrentRoomId { get; set; }
    [Id(13)] public string TrackingToken { get; set; } = "";
    /// <summary>Departments seated in any of the case's rooms: they may read the case.</summary>
    [Id(14)] public HashSet<string> Departments { get; set; } = [];
    /// <summary>What the case still owes others: its status for the day's listing.</summary>
    [Id(15)] public OutboxState Outbox { get; set; } = new();
    /// <summary>
    /// The registration is reserved (the request, the day, the tracking token are stored) but not
    /// finished: the case is invisible until it takes its number, binds its token and writes itself.
    /// </summary>
    [Id(16)] public bool Registering { get; set; }
    /// <summary>The room being opened, stored before the room is asked to open; cleared once the case records it.</summary>
    [Id(17)] public RoomOpening? Opening { get; set; }
    /// <summary>Rooms opened under an idempotency key, by <c>{userName}\n{key}</c>.</summary>
    [Id(18)] public Dictionary<string, OpenedRoom> OpenedByKey { get; set; } = [];
    /// <summary>The statutory clock: the legal limit from acceptance, its pauses, extensions and red card.</summary>
    [Id(19)] public StatutoryState Statutory { get; set; } = new();
    /// <summary>A staged matter's stages and how far the case got; empty for a matter without stages.</summary>
    [Id(20)] public StageState Stages { get; set; } = new();
    /// <summary>The last supplement notice (一次性告知), made when a room closed on a supplement.</summary>
    [Id(21)] public SupplementNotice? Supplement { get; set; }
    /// <summary>
    /// The follow-up tasks (现场落实) made from the conditions of the rooms closed with conditions.
    /// (Id 30: clear of the ids the case's other features take next.)
    /// </summary>
    [Id(30)] public List<FollowUpTask> FollowUps { get; set; } = [];
    /// <summary>The receiving officer's display name when they registered the case (null: registered before names were recorded).</summary>
    [Id(40)] public string? ReceivingOfficerName { get; set; }
    /// <summary>The applicant's rating (好差评) and its follow-up; null until rated. (Ids 50–: the rating.)</summary>
    [Id(50)] public CaseRating? Rating { get; set; }
    /// <summary>The last line sent to the figures (null: never sent). (Ids 60–: the figures.)</summary>
    [Id(60)] public Metrics.CaseRecord? FiguresSent { get; set; }
}
