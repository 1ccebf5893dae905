using System.Collections.Immutable;

namespace Consult.Metrics;

/// <summary>How fast decisions were made between <see cref="From"/> and <see cref="To"/>.</summary>
[GenerateSerializer, Immutable, Alias("consult.metrics")]
public sealed record DecisionMetrics(
    [property: Id(0)] DateTimeOffset From,
    [property: Id(1)] DateTimeOffset To,
    [property: Id(2)] int RoomsOpened,
    [property: Id(3)] int RoomsClosed,
    [property: Id(4)] ImmutableDictionary<string, int> Outcomes,
    [property: Id(5)] double? MedianMinutesToClose,
    [property: Id(6)] double? P90MinutesToClose,
    [property: Id(7)] double? ClosedWithinDeadlineRatio,
    [property: Id(8)] ImmutableArray<DepartmentResponse> Departments,
    [property: Id(9)] ImmutableArray<MatterSpeed> Matters,
    [property: Id(10)] ImmutableArray<OverdueRoom> OpenRoomsNearDeadline,
    [property: Id(11)] int OpenRooms,
    [property: Id(12)] ImmutableArray<DepartmentCards> Cards = default,
    [property: Id(13)] ImmutableArray<SupervisedRoom> Supervision = default,
    [property: Id(14)] CaseFigures? Cases = null,
    [property: Id(15)] ImmutableArray<MatterFigures> ByMatter = default,
    [property: Id(16)] ImmutableArray<DepartmentFigures> Ranking = default,
    [property: Id(17)] ImmutableArray<WeekFigures> Weeks = default,
    // Id 40: clear of the ids the other figures take next.
    [property: Id(40)] RatingFigures? Ratings = null);

/// <summary>
/// The period's case and procedure figures (see <see cref="Figures"/> for what each counts; each
/// opens into the rows it is counted from).
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.metrics.case-figures")]
public sealed record CaseFigures(
    [property: Id(0)] int Received,
    [property: Id(1)] int ToStart,
    [property: Id(2)] double? MedianMinutesToStart,
    [property: Id(3)] int RoomsClosedLate,
    [property: Id(4)] int RoomsOverdue,
    [property: Id(5)] int StatutoryInTime,
    [property: Id(6)] int StatutoryLate,
    [property: Id(7)] int StatutoryOverdue,
    [property: Id(8)] int Supplements,
    [property: Id(9)] int TasksOverdue,
    [property: Id(10)] int OnBehalf,
    [property: Id(11)] int Deemed)
{
    /// <summary>No case at all (figures computed before cases were counted).</summary>
    public static readonly CaseFigures None = new(0, 0, null, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Decided within the statutory limit, of those decided in the period; null when none was.</summary>
    public double? StatutoryInTimeRatio => StatutoryInTime + StatutoryLate == 0 ? null : (double)StatutoryInTime / (StatutoryInTime + StatutoryLate);
}

/// <summary>Supervision cards and deemed consents of one department, in rooms opened in the period or still open.</summary>
[GenerateSerializer, Immutable, Alias("consult.metrics.department-cards")]
public sealed record DepartmentCards(
    [property: Id(0)] string Department,
    [property: Id(1)] int Yellow,
    [property: Id(2)] int Red,
    [property: Id(3)] int DeemedConsent);

/// <summary>A room with supervision cards (电子监察), for the managers' supervision list.</summary>
[GenerateSerializer, Immutable, Alias("consult.metrics.supervised-room")]
public sealed record SupervisedRoom(
    [property: Id(0)] Guid RoomId,
    [property: Id(1)] string CaseNumber,
    [property: Id(2)] string MatterCode,
    [property: Id(3)] DateTimeOffset Deadline,
    [property: Id(4)] DateTimeOffset? ClosedAt,
    [property: Id(5)] ImmutableArray<Rooms.RoomCard> Cards);

[GenerateSerializer, Immutable, Alias("consult.metrics.department")]
public sealed record DepartmentResponse(
    [property: Id(0)] string Department,
    [property: Id(1)] int Decisions,
    [property: Id(2)] double MedianResponseMinutes);

/// <summary>
/// A matter's rooms closed in the period against the legacy process. Where the legacy time is in
/// working days, <see cref="SpeedUp"/> compares working time with working time (the legacy days in
/// the centre's working hours over the median working time to close); it is null ("—") when fewer
/// than <see cref="MinimumClosed"/> rooms closed or the median is under a minute, never a division
/// by almost nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.metrics.matter")]
public sealed record MatterSpeed(
    [property: Id(0)] string MatterCode,
    [property: Id(1)] int Closed,
    [property: Id(2)] double MedianMinutesToClose,
    [property: Id(3)] int LegacyMinutes,
    [property: Id(4)] double? SpeedUp,
    [property: Id(5)] double? MedianWorkingMinutesToClose = null,
    [property: Id(6)] int? LegacyWorkingDays = null)
{
    public const int MinimumClosed = 3;
}

/// <summary>An open room past 80% of its time limit; <see cref="OverdueMinutes"/> once it is past it.</summary>
[GenerateSerializer, Immutable, Alias("consult.metrics.overdue")]
public sealed record OverdueRoom(
    [property: Id(0)] Guid RoomId,
    [property: Id(1)] string CaseNumber,
    [property: Id(2)] string MatterCode,
    [property: Id(3)] DateTimeOffset OpenedAt,
    [property: Id(4)] DateTimeOffset Deadline,
    [property: Id(5)] double ElapsedRatio,
    [property: Id(6)] double? OverdueMinutes = null);
