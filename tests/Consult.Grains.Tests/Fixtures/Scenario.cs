using System.Collections.Immutable;
using Consult.Cases;
using Consult.Catalog;
using Consult.Rooms;

namespace Consult.Grains.Tests.Fixtures;

/// <summary>Registers cases and opens rooms the way a window officer does.</summary>
public static class Scenario
{
    public static async Task<(Guid CaseId, CaseRegistered Registered)> Register(IGrainFactory grains, string matter = "highway-occupation")
    {
        var caseId = Guid.NewGuid();
        var registered = await grains.GetGrain<ICaseGrain>(caseId).Register(
            Actors.Window, new NewCase(matter, new ApplicantInfo("张三", "13800138000", "县自来水公司", "110101199003077777"), "占道施工"));
        return (caseId, registered);
    }

    public static async Task<(Guid CaseId, IConsultationGrain Room, RoomSnapshot Snapshot)> OpenRoom(
        IGrainFactory grains, params (string Department, SeatRole Role)[] seats)
    {
        var (caseId, _) = await Register(grains);
        var request = new OpenConsultation(
            seats.Length == 0 ? null : [.. seats.Select(s => new SeatRequest(s.Department, s.Role))],
            null,
            null);
        var snapshot = await grains.GetGrain<ICaseGrain>(caseId).OpenConsultation(Actors.Window, request);
        return (caseId, grains.GetGrain<IConsultationGrain>(snapshot.RoomId), snapshot);
    }

    public static DecisionInput Decision(string department, DecisionOutcome outcome, string? comment = null, params string[] conditions) =>
        new(department, outcome, Guid.NewGuid().ToString("N"), comment, conditions.Length == 0 ? null : [.. conditions]);

    public static ImmutableArray<DefaultSeat> Seats(params (string Department, SeatRole Role)[] seats) =>
        [.. seats.Select(s => new DefaultSeat(s.Department, s.Role))];
}
