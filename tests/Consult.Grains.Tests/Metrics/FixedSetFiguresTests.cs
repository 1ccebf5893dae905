using Consult.Calendar;
using Consult.Cases;
using Consult.Metrics;
using Consult.Rooms;

namespace Consult.Grains.Tests.Metrics;

/// <summary>
/// Every figure of the manager's console, computed from a fixed set of cases, rooms and responses
/// with known times, against the numbers worked out by hand (in the comments). The edge cases that
/// were wrong before are in the set: a sub-minute response, an overdue room, a room closed late,
/// a decision made on a department's behalf (not its response until it confirms), a deemed consent.
/// </summary>
public sealed class FixedSetFiguresTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly DecisionMetricsCalculator.Clock Clock =
        new(new WorkingCalendar(CalendarFile.Load()), WorkingHours.Parse(WorkingHours.Default, out _)!, Shanghai);

    private const string Occupation = "highway-occupation";
    private const string Crossing = "highway-crossing";

    private static DateTimeOffset Local(string text) => DateTimeOffset.Parse(text + " +08:00", System.Globalization.CultureInfo.InvariantCulture);

    // The week of Monday 2026-09-21; the manager looks on Monday 2026-09-28 at 10:00.
    private static readonly DateTimeOffset From = Local("2026-09-21 00:00");
    private static readonly DateTimeOffset To = Local("2026-09-28 00:00");
    private static readonly DateTimeOffset Now = Local("2026-09-28 10:00");

    private static readonly Guid CaseA = Guid.NewGuid(), CaseB = Guid.NewGuid(), CaseC = Guid.NewGuid(), CaseD = Guid.NewGuid();
    private static readonly Guid RoomA = Guid.NewGuid(), RoomB = Guid.NewGuid(), RoomC = Guid.NewGuid();

    private static readonly CaseRecord[] Cases =
    [
        // A: decided on its first day, well within its statutory limit; one task overdue since Friday.
        new(CaseA, "A", Occupation, Local("2026-09-21 09:00"), CaseStatus.Decided, new DateOnly(2026, 10, 16), Local("2026-09-21 11:30"), new DateOnly(2026, 9, 21), 0,
            [new TaskRecord(1, "road-admin", new DateOnly(2026, 9, 25), null), new TaskRecord(2, "traffic-police", new DateOnly(2026, 9, 25), Local("2026-09-24 15:00"))]),
        // B: two supplements asked; decided a day after its due day.
        new(CaseB, "B", Occupation, Local("2026-09-22 09:00"), CaseStatus.Decided, new DateOnly(2026, 9, 21), Local("2026-09-22 10:00"), new DateOnly(2026, 9, 22), 2, []),
        // C: registered before the period; undecided and past its due day (Friday the 25th).
        new(CaseC, "C", Crossing, Local("2026-09-10 09:00"), CaseStatus.Consulting, new DateOnly(2026, 9, 25), null, null, 0, []),
        // D: registered in the period, withdrawn: received, nothing else.
        new(CaseD, "D", Crossing, Local("2026-09-24 09:00"), CaseStatus.Withdrawn, new DateOnly(2026, 10, 23), Local("2026-09-24 10:00"), new DateOnly(2026, 9, 24), 0, []),
    ];

    private static readonly RoomRecord[] Rooms =
    [
        // A's room: an hour after registration; 90 minutes, within its deadline.
        new(RoomA, "A", Occupation, Local("2026-09-21 10:00"), Local("2026-09-21 12:00"), Local("2026-09-21 11:30"), JointOutcome.Approved),
        // B's room: 30 s after registration; closed 59.5 minutes later, 30 minutes past its deadline; a yellow card for the road administration.
        new(RoomB, "B", Occupation, Local("2026-09-22 09:00:30"), Local("2026-09-22 09:30"), Local("2026-09-22 10:00"), JointOutcome.Rejected,
            [new RoomCard("road-admin", CardLevel.Yellow, "late", Local("2026-09-22 09:20"))]),
        // C's room: 13 days after registration; still open, its deadline passed on the 23rd at 17:00; a red card for the traffic police.
        new(RoomC, "C", Crossing, Local("2026-09-23 09:00"), Local("2026-09-23 17:00"), null, null,
            [new RoomCard("traffic-police", CardLevel.Red, "overdue", Local("2026-09-23 17:00"))]),
    ];

    private static readonly DecisionRecord[] Decisions =
    [
        new(RoomA, "road-admin", Local("2026-09-21 10:00"), Local("2026-09-21 10:20")),
        // Recorded on the police's behalf at 10:30, confirmed by the police at 10:50: its response is the confirmation.
        new(RoomA, "traffic-police", Local("2026-09-21 10:00"), Local("2026-09-21 10:50")),
        // Recorded on the road administration's behalf, never confirmed: no response of the road administration.
        new(RoomB, "road-admin", Local("2026-09-22 09:00:30"), Local("2026-09-22 09:10"), ResponseKind.OnBehalf),
        new(RoomB, "housing", Local("2026-09-22 09:00:30"), Local("2026-09-22 09:30"), ResponseKind.Deemed),
        // A response 20 seconds after the invitation.
        new(RoomC, "traffic-police", Local("2026-09-23 09:00"), Local("2026-09-23 09:00:20")),
    ];

    private static DecisionMetrics Compute() =>
        DecisionMetricsCalculator.Compute(From, To, Now, Rooms, Decisions, Consult.Catalog.CatalogFile.Load(), Clock, Cases);

    [Fact]
    public void EveryFigureOfTheConsoleIsTheHandWorkedNumber()
    {
        var figures = Compute();

        Assert.Equal(3, figures.RoomsOpened);
        Assert.Equal(2, figures.RoomsClosed);
        Assert.Equal(1, figures.OpenRooms);
        // Closed: 90 and 59.5 minutes; the nearest-rank median of two is the lower.
        Assert.Equal(59.5, figures.MedianMinutesToClose);
        Assert.Equal(90, figures.P90MinutesToClose);
        Assert.Equal(0.5, figures.ClosedWithinDeadlineRatio);
        Assert.Equal(1, figures.Outcomes["approved"]);
        Assert.Equal(1, figures.Outcomes["rejected"]);

        var cases = figures.Cases!;
        Assert.Equal(3, cases.Received); // A, B, D (C was registered before the period)
        Assert.Equal(3, cases.ToStart); // each room is its case's first
        Assert.Equal(60, cases.MedianMinutesToStart); // 0.5, 60, 18720
        Assert.Equal(1, cases.RoomsClosedLate); // B
        Assert.Equal(1, cases.RoomsOverdue); // C
        Assert.Equal(1, cases.StatutoryInTime); // A
        Assert.Equal(1, cases.StatutoryLate); // B (D was withdrawn: neither)
        Assert.Equal(0.5, cases.StatutoryInTimeRatio);
        Assert.Equal(1, cases.StatutoryOverdue); // C
        Assert.Equal(2, cases.Supplements); // B's two
        Assert.Equal(1, cases.TasksOverdue); // A's first task; the second is done
        Assert.Equal(1, cases.OnBehalf);
        Assert.Equal(1, cases.Deemed);

        // The overdue room is time overdue (23rd 17:00 to 28th 10:00), never a percentage over 100.
        var overdue = Assert.Single(figures.OpenRoomsNearDeadline);
        Assert.Equal(RoomC, overdue.RoomId);
        Assert.Equal((4 * 24 + 17) * 60, overdue.OverdueMinutes);

        // Responses: the department's own only. Police: 50 min (the confirmation) and 20 s; road: 20 min.
        Assert.Equal(["road-admin", "traffic-police"], figures.Departments.Select(d => d.Department));
        Assert.Equal((1, 20.0), (figures.Departments[0].Decisions, figures.Departments[0].MedianResponseMinutes));
        Assert.Equal((2, 0.33), (figures.Departments[1].Decisions, figures.Departments[1].MedianResponseMinutes));

        // The ranking, fastest median first; a department without a response of its own comes last.
        Assert.Equal<DepartmentFigures[]>(
            [
                new DepartmentFigures("traffic-police", 2, 0.33, 0, 0, 0, 1, 0),
                new DepartmentFigures("road-admin", 1, 20, 1, 0, 1, 0, 1),
                new DepartmentFigures("housing", 0, null, 0, 1, 0, 0, 0),
            ],
            [.. figures.Ranking]);

        // Per matter. Too few rooms closed for a speed-up: "—", not a ratio over two rooms.
        var occupation = figures.ByMatter.Single(m => m.MatterCode == Occupation);
        Assert.Equal((2, 2, 2, 59.5, 1), (occupation.Received, occupation.RoomsOpened, occupation.RoomsClosed, occupation.MedianMinutesToClose, occupation.RoomsClosedLate));
        Assert.Equal((1, 1, 0, 2), (occupation.StatutoryInTime, occupation.StatutoryLate, occupation.StatutoryOverdue, occupation.Supplements));
        Assert.Equal(1, occupation.Outcomes["approved"]);
        Assert.Equal(1, occupation.Outcomes["rejected"]);
        var crossing = figures.ByMatter.Single(m => m.MatterCode == Crossing);
        Assert.Equal((1, 1, 0, (double?)null, 1, 0), (crossing.Received, crossing.RoomsOpened, crossing.RoomsClosed, crossing.MedianMinutesToClose, crossing.StatutoryOverdue, crossing.Supplements));
        Assert.Null(Assert.Single(figures.Matters).SpeedUp);

        // The weekly trend: both rooms closed in the week of Monday the 21st.
        Assert.Equal<WeekFigures[]>([new WeekFigures(new DateOnly(2026, 9, 21), 2, 59.5)], [.. figures.Weeks]);
    }

    [Theory]
    [InlineData(Figures.Received, "A,B,D")]
    [InlineData(Figures.RoomsOpened, "A,B,C")]
    [InlineData(Figures.ToStart, "A,B,C")]
    [InlineData(Figures.RoomsClosed, "A,B")]
    [InlineData(Figures.RoomsClosedLate, "B")]
    [InlineData(Figures.RoomsOverdue, "C")]
    [InlineData(Figures.StatutoryInTime, "A")]
    [InlineData(Figures.StatutoryLate, "B")]
    [InlineData(Figures.StatutoryOverdue, "C")]
    [InlineData(Figures.Supplements, "B")]
    [InlineData(Figures.TasksOverdue, "A")]
    [InlineData(Figures.Responses, "A,A,C")]
    [InlineData(Figures.OnBehalf, "B")]
    [InlineData(Figures.Deemed, "B")]
    [InlineData(Figures.Cards, "B,C")]
    public void EachFigureOpensIntoTheCasesItCounts(string figure, string cases)
    {
        var rows = new FigureSets(From, To, Now, Shanghai, Rooms, Decisions, Cases).Rows(figure);
        Assert.Equal(cases.Split(','), rows.Select(r => r.CaseNumber).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal(figure, r.Figure));
    }

    [Fact]
    public void ADrillDownNarrowsToOneMatterAndOneDepartment()
    {
        var sets = new FigureSets(From, To, Now, Shanghai, Rooms, Decisions, Cases);
        var police = sets.Rows(Figures.Responses, department: "traffic-police");
        Assert.Equal([50, 0.33], police.Select(r => r.Minutes!.Value));
        Assert.Equal([CaseA, CaseC], police.Select(r => r.CaseId!.Value));
        Assert.Equal(["A"], sets.Rows(Figures.Responses, matter: Occupation, department: "traffic-police").Select(r => r.CaseNumber));
        Assert.Empty(sets.Rows("no-such-figure"));
    }
}
