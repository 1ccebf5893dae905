using Consult.Cases;
using Consult.Common;
using Consult.Grains.Tests.Fixtures;
using Consult.Hosting;
using Consult.Rooms;
using static Consult.Grains.Tests.Fixtures.Scenario;

namespace Consult.Grains.Tests.Cases;

[Collection(ClusterCollection.Name)]
public sealed class CaseGrainTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task CaseNumbersAreGaplessPerLocalDayEvenWhenRegisteredConcurrently()
    {
        var registered = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Register(Grains)));
        var today = new ConsultCalendar(ConsultCalendar.FindZone("Asia/Shanghai")).DayKey(DateTimeOffset.UtcNow);
        var listed = await Grains.GetGrain<ICaseDayGrain>(today).List();

        Assert.All(registered, r => Assert.Matches($"^CS-{today}-\\d{{4}}$", r.Registered.CaseNumber));
        var numbers = listed.Select(c => int.Parse(c.CaseNumber[^4..])).Order().ToList();
        Assert.Equal(Enumerable.Range(1, numbers.Count), numbers);
        Assert.All(registered, r => Assert.Contains(listed, c => c.CaseId == r.CaseId && c.CaseNumber == r.Registered.CaseNumber));
    }

    [Fact]
    public async Task RegisteringTheSameCaseTwiceIsAConflict()
    {
        var (caseId, _) = await Register(Grains);
        var refusal = await Assert.ThrowsAsync<ConsultException>(() => Grains.GetGrain<ICaseGrain>(caseId).Register(
            Actors.Window, new NewCase("school-bus", new ApplicantInfo("李四", "13800138001", null, null), "again")));
        Assert.Equal(ErrorCodes.Conflict, refusal.Code);
    }

    [Theory]
    [InlineData("no-such-matter", "张三", "13800138000", null)]
    [InlineData("school-bus", "", "13800138000", null)]
    [InlineData("school-bus", "张三", "call me", null)]
    [InlineData("school-bus", "张三", "13800138000", "12345")]
    public async Task InvalidRegistrationsAreRefusedAndCreateNothing(string matter, string name, string phone, string? idNumber)
    {
        var caseId = Guid.NewGuid();
        var refusal = await Assert.ThrowsAsync<ConsultException>(() => Grains.GetGrain<ICaseGrain>(caseId).Register(
            Actors.Window, new NewCase(matter, new ApplicantInfo(name, phone, null, idNumber), "summary")));
        Assert.Equal(ErrorCodes.InvalidInput, refusal.Code);
        var missing = await Assert.ThrowsAsync<ConsultException>(() => Grains.GetGrain<ICaseGrain>(caseId).Get(Actors.Window));
        Assert.Equal(ErrorCodes.NotFound, missing.Code);
    }

    [Fact]
    public async Task OnlyWindowOfficersRegisterCases()
    {
        var refusal = await Assert.ThrowsAsync<ConsultException>(() => Grains.GetGrain<ICaseGrain>(Guid.NewGuid()).Register(
            Actors.Rep("road-admin"), new NewCase("school-bus", new ApplicantInfo("张三", "13800138000", null, null), "summary")));
        Assert.Equal(ErrorCodes.Forbidden, refusal.Code);
    }

    [Fact]
    public async Task DepartmentsSeeOnlyCasesTheyAreInvitedToWithTheApplicantMasked()
    {
        var (caseId, room, _) = await OpenRoom(Grains, ("road-admin", SeatRole.Required));
        var theCase = Grains.GetGrain<ICaseGrain>(caseId);

        var forWindow = await theCase.Get(Actors.Window);
        Assert.Equal("13800138000", forWindow.Applicant.Phone);
        Assert.NotNull(forWindow.TrackingToken);

        var forDepartment = await theCase.Get(Actors.Rep("road-admin"));
        Assert.Equal("138****8000", forDepartment.Applicant.Phone);
        Assert.Equal("1101**********7777", forDepartment.Applicant.IdNumber);
        Assert.Null(forDepartment.TrackingToken);

        var outsider = await Assert.ThrowsAsync<ConsultException>(() => theCase.Get(Actors.Rep("tax")));
        Assert.Equal(ErrorCodes.Forbidden, outsider.Code);
        await room.Get(Actors.Rep("road-admin"));
    }

    [Fact]
    public async Task ASecondConsultationWaitsForTheFirstAndFollowsASupplementRequest()
    {
        var (caseId, room, _) = await OpenRoom(Grains, ("road-admin", SeatRole.Required), ("traffic-police", SeatRole.Required));
        var theCase = Grains.GetGrain<ICaseGrain>(caseId);
        var whileOpen = await Assert.ThrowsAsync<ConsultException>(() => theCase.OpenConsultation(Actors.Window, new OpenConsultation(null, null, null)));
        Assert.Equal(ErrorCodes.Conflict, whileOpen.Code);

        await room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.RequestSupplement, "缺少交通组织方案"));
        await room.CastDecision(Actors.Rep("traffic-police"), Decision("traffic-police", DecisionOutcome.Approve));
        var closed = await room.Close(Actors.Window, "请补充材料后再次会商。");
        Assert.Equal(JointOutcome.SupplementRequired, closed.JointOutcome);
        Assert.Equal(CaseStatus.SupplementRequired, (await theCase.Get(Actors.Window)).Status);

        var token = (await theCase.Get(Actors.Window)).TrackingToken!;
        var publicView = await theCase.GetPublicView(token);
        Assert.Equal(["缺少交通组织方案"], publicView.AskedOfApplicant.ToArray());

        var second = await theCase.OpenConsultation(Actors.Window, new OpenConsultation(null, null, null));
        var view = await theCase.Get(Actors.Window);
        Assert.Equal(CaseStatus.Consulting, view.Status);
        Assert.Equal([closed.RoomId, second.RoomId], view.Rooms.ToArray());
    }

    [Fact]
    public async Task OpeningWithNoRequiredDepartmentOrAnUnknownOneIsInvalid()
    {
        var (caseId, _) = await Register(Grains);
        var theCase = Grains.GetGrain<ICaseGrain>(caseId);
        var noRequired = await Assert.ThrowsAsync<ConsultException>(() => theCase.OpenConsultation(Actors.Window,
            new OpenConsultation([new SeatRequest("housing", SeatRole.Advisory)], null, null)));
        var unknown = await Assert.ThrowsAsync<ConsultException>(() => theCase.OpenConsultation(Actors.Window,
            new OpenConsultation([new SeatRequest("nowhere", null)], null, null)));
        var past = await Assert.ThrowsAsync<ConsultException>(() => theCase.OpenConsultation(Actors.Window,
            new OpenConsultation(null, null, DateTimeOffset.UtcNow.AddHours(-1))));
        Assert.All([noRequired, unknown, past], e => Assert.Equal(ErrorCodes.InvalidInput, e.Code));
        Assert.Equal(CaseStatus.Received, (await theCase.Get(Actors.Window)).Status);
    }

    [Fact]
    public async Task TheTrackingLinkShowsProgressWithoutDiscussionOrNamesAndAnswersOnlyItsToken()
    {
        var (caseId, room, _) = await OpenRoom(Grains, ("road-admin", SeatRole.Required), ("traffic-police", SeatRole.Required));
        var theCase = Grains.GetGrain<ICaseGrain>(caseId);
        var token = (await theCase.Get(Actors.Window)).TrackingToken!;
        await room.PostMessage(Actors.Rep("road-admin"), new ChatMessage("内部意见：先看交警态度", "x-1"));
        await room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.ApproveWithConditions, null, "限时施工"));

        var open = await theCase.GetPublicView(token);
        Assert.Equal("张*", open.ApplicantName);
        Assert.Equal(CaseStatus.Consulting, open.Status);
        var roadAdmin = open.Departments.Single(d => d.Department == "road-admin");
        Assert.True(roadAdmin.Decided);
        Assert.Null(roadAdmin.Outcome);
        Assert.Empty(roadAdmin.Conditions);
        Assert.Null(open.JointOutcome);
        var json = System.Text.Json.JsonSerializer.Serialize(open, ConsultJson.Options);
        Assert.DoesNotContain("内部意见", json);
        Assert.DoesNotContain("window", json);

        await room.CastDecision(Actors.Rep("traffic-police"), Decision("traffic-police", DecisionOutcome.Approve));
        await room.Close(Actors.Window, "同意");
        var closed = await theCase.GetPublicView(token);
        Assert.Equal(JointOutcome.ApprovedWithConditions, closed.JointOutcome);
        Assert.Equal(["限时施工"], closed.Departments.Single(d => d.Department == "road-admin").Conditions.ToArray());
        Assert.Equal("同意", closed.Statement);

        var wrong = await Assert.ThrowsAsync<ConsultException>(() => theCase.GetPublicView(token[..^1] + (token[^1] == 'A' ? 'B' : 'A')));
        Assert.Equal(ErrorCodes.NotFound, wrong.Code);
    }

    [Fact]
    public async Task RenewingTheTrackingLinkRevokesTheOldOne()
    {
        var (caseId, registered) = await Register(Grains);
        Assert.Equal(caseId, await Grains.GetGrain<ITrackingGrain>(registered.TrackingToken).Resolve());
        Assert.True(registered.TrackingToken.Length >= 22);

        var renewed = await Grains.GetGrain<ICaseGrain>(caseId).RenewTrackingToken(Actors.Window);

        Assert.NotEqual(registered.TrackingToken, renewed);
        Assert.Null(await Grains.GetGrain<ITrackingGrain>(registered.TrackingToken).Resolve());
        Assert.Equal(caseId, await Grains.GetGrain<ITrackingGrain>(renewed).Resolve());
        await Assert.ThrowsAsync<ConsultException>(() => Grains.GetGrain<ICaseGrain>(caseId).GetPublicView(registered.TrackingToken));
    }

    [Fact]
    public async Task ADecidedCaseCompletesAndAnUnconsultedOneWithdraws()
    {
        var (caseId, room, _) = await OpenRoom(Grains, ("road-admin", SeatRole.Required));
        await room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.Approve));
        await room.Close(Actors.Window, "同意");
        var completed = await Grains.GetGrain<ICaseGrain>(caseId).Complete(Actors.Window);
        Assert.Equal(CaseStatus.Completed, completed.Status);

        var (other, _) = await Register(Grains);
        var withdrawn = await Grains.GetGrain<ICaseGrain>(other).Withdraw(Actors.Window, "申请人撤回");
        Assert.Equal(CaseStatus.Withdrawn, withdrawn.Status);
        var again = await Assert.ThrowsAsync<ConsultException>(() => Grains.GetGrain<ICaseGrain>(other).OpenConsultation(Actors.Window, new OpenConsultation(null, null, null)));
        Assert.Equal(ErrorCodes.Conflict, again.Code);
    }
}
