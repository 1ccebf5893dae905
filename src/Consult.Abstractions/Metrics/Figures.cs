using System.Collections.Immutable;

namespace Consult.Metrics;

/// <summary>
/// The names of the figures a manager can open into the cases behind them (<c>figure=</c> of
/// <c>GET /metrics/cases</c>); each is counted on the console from exactly the rows it opens into.
/// </summary>
public static class Figures
{
    /// <summary>Cases registered in the period.</summary>
    public const string Received = "received";
    /// <summary>Rooms opened in the period.</summary>
    public const string RoomsOpened = "roomsOpened";
    /// <summary>A case's first room opened in the period: minutes from the case's registration.</summary>
    public const string ToStart = "toStart";
    /// <summary>Rooms closed in the period: minutes from opening to close.</summary>
    public const string RoomsClosed = "roomsClosed";
    /// <summary>Rooms closed in the period after their session deadline.</summary>
    public const string RoomsClosedLate = "roomsClosedLate";
    /// <summary>Open rooms past their session deadline now (whatever the period).</summary>
    public const string RoomsOverdue = "roomsOverdue";
    /// <summary>Cases decided in the period on or before their statutory due day.</summary>
    public const string StatutoryInTime = "statutoryInTime";
    /// <summary>Cases decided in the period after their statutory due day.</summary>
    public const string StatutoryLate = "statutoryLate";
    /// <summary>Undecided cases past their statutory due day now (whatever the period).</summary>
    public const string StatutoryOverdue = "statutoryOverdue";
    /// <summary>Cases registered in the period of which a supplement was asked (the count of notices in <c>detail</c>).</summary>
    public const string Supplements = "supplements";
    /// <summary>Follow-up tasks not done after their due day now (whatever the period).</summary>
    public const string TasksOverdue = "tasksOverdue";
    /// <summary>Departments' own first responses in the period: minutes from invitation.</summary>
    public const string Responses = "responses";
    /// <summary>Decisions recorded in the period on a department's behalf that it has not confirmed.</summary>
    public const string OnBehalf = "onBehalf";
    /// <summary>Deemed consents (超时默许) in the period.</summary>
    public const string Deemed = "deemed";
    /// <summary>Supervision cards in rooms opened in the period or open now (<c>detail</c>: yellow or red).</summary>
    public const string Cards = "cards";

    public static readonly ImmutableArray<string> All =
        [Received, RoomsOpened, ToStart, RoomsClosed, RoomsClosedLate, RoomsOverdue, StatutoryInTime, StatutoryLate, StatutoryOverdue,
         Supplements, TasksOverdue, Responses, OnBehalf, Deemed, Cards];
}

/// <summary>One case (or room, response, task, card) behind a figure.</summary>
/// <param name="At">When it counted: registered, opened, closed, decided, due, carded.</param>
/// <param name="Minutes">The time the figure measures, where it measures one.</param>
/// <param name="Detail">What else the row says: an outcome, a due day, a card's level.</param>
[GenerateSerializer, Immutable, Alias("consult.metrics.figure-row")]
public sealed record FigureRow(
    [property: Id(0)] string Figure,
    [property: Id(1)] string CaseNumber,
    [property: Id(2)] string MatterCode,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] Guid? CaseId,
    [property: Id(5)] Guid? RoomId,
    [property: Id(6)] string? Department,
    [property: Id(7)] double? Minutes,
    [property: Id(8)] string? Detail);

/// <summary>A matter's figures in the period (see <see cref="Figures"/> for what each counts).</summary>
[GenerateSerializer, Immutable, Alias("consult.metrics.matter-figures")]
public sealed record MatterFigures(
    [property: Id(0)] string MatterCode,
    [property: Id(1)] int Received,
    [property: Id(2)] int RoomsOpened,
    [property: Id(3)] int RoomsClosed,
    [property: Id(4)] double? MedianMinutesToClose,
    [property: Id(5)] int RoomsClosedLate,
    [property: Id(6)] int StatutoryInTime,
    [property: Id(7)] int StatutoryLate,
    [property: Id(8)] int StatutoryOverdue,
    [property: Id(9)] int Supplements,
    [property: Id(10)] ImmutableDictionary<string, int> Outcomes);

/// <summary>A department's figures in the period, for the ranking by median response and by cards.</summary>
[GenerateSerializer, Immutable, Alias("consult.metrics.department-figures")]
public sealed record DepartmentFigures(
    [property: Id(0)] string Department,
    [property: Id(1)] int Responses,
    [property: Id(2)] double? MedianResponseMinutes,
    [property: Id(3)] int OnBehalf,
    [property: Id(4)] int Deemed,
    [property: Id(5)] int Yellow,
    [property: Id(6)] int Red,
    [property: Id(7)] int TasksOverdue);

/// <summary>Rooms closed in one week (Monday, the centre's time zone) of the period: the time-to-close trend.</summary>
[GenerateSerializer, Immutable, Alias("consult.metrics.week")]
public sealed record WeekFigures(
    [property: Id(0)] DateOnly Monday,
    [property: Id(1)] int Closed,
    [property: Id(2)] double? MedianMinutesToClose);
