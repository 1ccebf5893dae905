using Consult.Cases;
using Consult.Common;
using Consult.Departments;
using Consult.Grains.Tests.Fixtures;
using Consult.Hosting;
using Consult.Rooms;

namespace Consult.Grains.Tests.Cases;

/// <summary>
/// A write fails (before it reaches the store, or after it landed without an answer) at each step
/// of registering a case and of opening a room: nothing is left half-done where anyone sees it, and
/// the same request again finishes the job once.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RetryTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private static string Today => new ConsultCalendar(ConsultCalendar.FindZone("Asia/Shanghai")).DayKey(DateTimeOffset.UtcNow);

    public static TheoryData<string, bool> RegistrationWrites => Every("case-reserved", "day-line", "tracking", "case-registered", "day-confirmed");

    public static TheoryData<string, bool> OpeningWrites => Every("case-reserved", "room-opened", "case-recorded", "day-status");

    [Theory]
    [MemberData(nameof(RegistrationWrites))]
    public async Task ARegistrationFailingAtAnyWriteListsNoCaseThatIsNotThereAndItsRetryFinishesItOnce(string write, bool landed)
    {
        var caseId = Guid.NewGuid();
        var theCase = Grains.GetGrain<ICaseGrain>(caseId);
        var day = Grains.GetGrain<ICaseDayGrain>(Today);
        var name = "重试" + Guid.NewGuid().ToString("N")[..8];
        var request = new NewCase("school-bus", new ApplicantInfo(name, "13800138000", null, null), "校车使用许可");
        var fault = fixture.Faults.FailNextWrite(RegistrationWrite(write, theCase.GetGrainId(), caseId), landed);

        await Injected(() => theCase.Register(Actors.Window, request));
        Assert.True(fault.Fired, $"no {write} write happened");

        // Whatever the day lists as a case has its case behind it.
        var listed = (await day.List()).Where(c => c.ApplicantName == name).ToList();
        Assert.True(listed.Count <= 1);
        var registered = await IsRegistered(theCase);
        if (listed is [{ Pending: false }])
            Assert.True(registered, "a listed line whose case is not registered");

        var retried = await theCase.Register(Actors.Window, request);

        var line = Assert.Single((await day.List()).Where(c => c.ApplicantName == name));
        Assert.False(line.Pending);
        Assert.Equal(caseId, line.CaseId);
        Assert.Equal(retried.CaseNumber, line.CaseNumber);
        if (listed is [var before])
            Assert.Equal(before.CaseNumber, retried.CaseNumber);
        var view = await theCase.Get(Actors.Window);
        Assert.Equal(retried.CaseNumber, view.CaseNumber);
        Assert.Single(view.Timeline, t => t.Type == TimelineTypes.Registered);
        Assert.Equal(caseId, await Grains.GetGrain<ITrackingGrain>(retried.TrackingToken).Resolve());
        Assert.Equal(retried.CaseNumber, (await theCase.GetPublicView(retried.TrackingToken)).CaseNumber);
        Assert.Equal(retried, await theCase.Register(Actors.Window, request));
    }

    [Fact]
    public async Task APendingLineIsFinishedByItsCaseWhenAskedWithoutARetry()
    {
        var caseId = Guid.NewGuid();
        var theCase = Grains.GetGrain<ICaseGrain>(caseId);
        var day = Grains.GetGrain<ICaseDayGrain>(Today);
        var name = "挂起" + Guid.NewGuid().ToString("N")[..8];
        var fault = fixture.Faults.FailNextWrite(RegistrationWrite("case-registered", theCase.GetGrainId(), caseId));
        await Injected(() => theCase.Register(Actors.Window, new NewCase("school-bus", new ApplicantInfo(name, "13800138000", null, null), "校车")));
        Assert.True(fault.Fired);
        var pending = Assert.Single((await day.List()).Where(c => c.CaseId == caseId));
        Assert.True(pending.Pending);
        Assert.False(await IsRegistered(theCase));

        Assert.True(await theCase.FinishRegistration());

        Assert.Equal(pending.CaseNumber, (await theCase.Get(Actors.Window)).CaseNumber);
        Assert.False(Assert.Single((await day.List()).Where(c => c.CaseId == caseId)).Pending);
        Assert.False(await Grains.GetGrain<ICaseGrain>(Guid.NewGuid()).FinishRegistration());
    }

    [Fact]
    public async Task AnotherRequestForARegisteredCaseIsAConflictAndTheSameOneAnswersTheFirstResult()
    {
        var (caseId, registered) = await Scenario.Register(Grains);
        var theCase = Grains.GetGrain<ICaseGrain>(caseId);
        var same = new NewCase("highway-occupation", new ApplicantInfo(" 张三 ", "13800138000", "县自来水公司", "110101199003077777"), "占道施工 ");
        Assert.Equal(registered, await theCase.Register(Actors.Window, same));

        var other = await Assert.ThrowsAsync<ConsultException>(() => theCase.Register(Actors.Window, same with { Summary = "另一件事" }));
        Assert.Equal(ErrorCodes.Conflict, other.Code);
        var otherOfficer = await Assert.ThrowsAsync<ConsultException>(() => theCase.Register(Actors.Window2, same));
        Assert.Equal(ErrorCodes.Conflict, otherOfficer.Code);
    }

    [Theory]
    [MemberData(nameof(OpeningWrites))]
    public async Task AnOpeningFailingAtAnyWriteLeavesNoRoomOutsideItsCaseAndItsRetryFinishesItOnce(string write, bool landed)
    {
        var (caseId, _) = await Scenario.Register(Grains);
        var theCase = Grains.GetGrain<ICaseGrain>(caseId);
        var request = new OpenConsultation([new SeatRequest("road-admin", SeatRole.Required), new SeatRequest("housing", SeatRole.Advisory)], null, null, "open-" + Guid.NewGuid().ToString("N"));
        var fault = fixture.Faults.FailNextWrite(OpeningWrite(write, theCase.GetGrainId(), caseId), landed);

        if (write == "day-status")
        {
            // The case writes its status with the listing's update in its outbox: a failed update
            // is the outbox's to retry, not the caller's.
            await theCase.OpenConsultation(Actors.Window, request);
        }
        else
        {
            await Injected(() => theCase.OpenConsultation(Actors.Window, request));
        }

        Assert.True(fault.Fired, $"no {write} write happened");

        // Every room an inbox shows for the case is one the case has stored: recorded, or reserved
        // (which the case's next call opens and records before anything else).
        var stored = StoredCase(caseId);
        var known = stored.Rooms.Concat(stored.Opening is { } opening ? [opening.RoomId] : []).ToHashSet();
        foreach (var department in new[] { "road-admin", "housing" })
            Assert.All(await InvitationsFor(department, caseId), i => Assert.Contains(i.RoomId, known));
        Assert.All(StoredRoomsOf(caseId), roomId => Assert.Contains(roomId, known));

        var snapshot = await Retried(() => theCase.OpenConsultation(Actors.Window, request));

        var view = await theCase.Get(Actors.Window);
        Assert.Equal(CaseStatus.Consulting, view.Status);
        Assert.Equal([snapshot.RoomId], view.Rooms.ToArray());
        Assert.Equal(snapshot.RoomId, view.CurrentRoomId);
        Assert.Null(StoredCase(caseId).Opening);
        Assert.Equal([snapshot.RoomId], StoredRoomsOf(caseId));
        foreach (var department in new[] { "road-admin", "housing" })
            Assert.Equal([snapshot.RoomId], (await InvitationsFor(department, caseId)).Select(i => i.RoomId).ToArray());
        Assert.Equal(CaseStatus.Consulting, (await Grains.GetGrain<ICaseDayGrain>(Today).List()).Single(c => c.CaseId == caseId).Status);
        Assert.Equal(snapshot.RoomId, (await theCase.OpenConsultation(Actors.Window, request)).RoomId);
    }

    [Fact]
    public async Task AFailedOpeningWithoutAKeyIsFinishedByTheSameRequest()
    {
        var (caseId, _) = await Scenario.Register(Grains);
        var theCase = Grains.GetGrain<ICaseGrain>(caseId);
        var request = new OpenConsultation([new SeatRequest("road-admin", SeatRole.Required)], null, null);
        var fault = fixture.Faults.FailNextWrite(OpeningWrite("case-recorded", theCase.GetGrainId(), caseId));
        await Injected(() => theCase.OpenConsultation(Actors.Window, request));
        Assert.True(fault.Fired);

        var snapshot = await theCase.OpenConsultation(Actors.Window, request);

        var view = await theCase.Get(Actors.Window);
        Assert.Equal([snapshot.RoomId], view.Rooms.ToArray());
        Assert.Equal([snapshot.RoomId], (await InvitationsFor("road-admin", caseId)).Select(i => i.RoomId).ToArray());
        // Without a key, a third request is another opening: refused while the room is open.
        var again = await Assert.ThrowsAsync<ConsultException>(() => theCase.OpenConsultation(Actors.Window, request));
        Assert.Equal(ErrorCodes.Conflict, again.Code);
    }

    [Fact]
    public async Task AWithdrawalFinishesAnInterruptedOpeningFirstAndIsThenRefused()
    {
        var (caseId, _) = await Scenario.Register(Grains);
        var theCase = Grains.GetGrain<ICaseGrain>(caseId);
        var fault = fixture.Faults.FailNextWrite(OpeningWrite("room-opened", theCase.GetGrainId(), caseId));
        await Injected(() => theCase.OpenConsultation(Actors.Window, new OpenConsultation([new SeatRequest("road-admin", SeatRole.Required)], null, null)));
        Assert.True(fault.Fired);

        var withdrawal = await Assert.ThrowsAsync<ConsultException>(() => theCase.Withdraw(Actors.Window, "申请人撤回"));

        Assert.Equal(ErrorCodes.Conflict, withdrawal.Code);
        var view = await theCase.Get(Actors.Window);
        Assert.Equal(CaseStatus.Consulting, view.Status);
        var roomId = Assert.Single(view.Rooms);
        Assert.Equal([roomId], (await InvitationsFor("road-admin", caseId)).Select(i => i.RoomId).ToArray());
    }

    [Fact]
    public async Task TheSameKeyOpensOneRoomAlsoWhenSentConcurrentlyAndAnotherRequestUnderItIsAConflict()
    {
        var (caseId, _) = await Scenario.Register(Grains);
        var theCase = Grains.GetGrain<ICaseGrain>(caseId);
        var request = new OpenConsultation([new SeatRequest("road-admin", SeatRole.Required)], null, null, "same-key");

        var rooms = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => theCase.OpenConsultation(Actors.Window, request)));

        Assert.Single(rooms.Select(r => r.RoomId).Distinct());
        Assert.Equal([rooms[0].RoomId], (await theCase.Get(Actors.Window)).Rooms.ToArray());
        Assert.Equal([rooms[0].RoomId], (await InvitationsFor("road-admin", caseId)).Select(i => i.RoomId).ToArray());
        var other = await Assert.ThrowsAsync<ConsultException>(() =>
            theCase.OpenConsultation(Actors.Window, request with { Seats = [new SeatRequest("housing", SeatRole.Required)] }));
        Assert.Equal(ErrorCodes.Conflict, other.Code);
        var badKey = await Assert.ThrowsAsync<ConsultException>(() => theCase.OpenConsultation(Actors.Window, request with { IdempotencyKey = "two words" }));
        Assert.Equal(ErrorCodes.InvalidInput, badKey.Code);
    }

    [Fact]
    public async Task ARoomOpenedAgainForItsCaseAnswersItsSnapshotAndForAnotherCaseIsAConflict()
    {
        var (_, room, opened) = await Scenario.OpenRoom(Grains, ("road-admin", SeatRole.Required));
        var command = new OpenRoomCommand(opened.CaseId, opened.CaseNumber, opened.MatterCode, opened.Rule, Scenario.Seats(("tax", SeatRole.Required)), null, opened.Deadline);

        Same.Json(opened, await room.Open(Actors.Window, command));
        var other = await Assert.ThrowsAsync<ConsultException>(() => room.Open(Actors.Window, command with { CaseId = Guid.NewGuid() }));
        Assert.Equal(ErrorCodes.Conflict, other.Code);
    }

    private static TheoryData<string, bool> Every(params string[] writes)
    {
        var data = new TheoryData<string, bool>();
        foreach (var write in writes)
        {
            data.Add(write, false);
            data.Add(write, true);
        }

        return data;
    }

    /// <summary>The writes of a registration, in order.</summary>
    private static Func<string, GrainId, object?, bool> RegistrationWrite(string write, GrainId caseGrain, Guid caseId) => write switch
    {
        "case-reserved" => (name, id, state) => name == StateNames.Case && id == caseGrain && state is CaseState { Registering: true, Registered: false },
        "day-line" => (name, _, state) => name.StartsWith(StateNames.CaseDay, StringComparison.Ordinal) && state is CaseDayGrain.State day && day.Cases.Any(c => c.CaseId == caseId && c.Pending),
        "tracking" => (name, _, state) => name == StateNames.Tracking && state is TrackingGrain.State { CaseId: var bound } && bound == caseId,
        "case-registered" => (name, id, state) => name == StateNames.Case && id == caseGrain && state is CaseState { Registered: true },
        "day-confirmed" => (name, _, state) => name.StartsWith(StateNames.CaseDay, StringComparison.Ordinal) && state is CaseDayGrain.State day && day.Cases.Any(c => c.CaseId == caseId && !c.Pending),
        _ => throw new ArgumentOutOfRangeException(nameof(write)),
    };

    /// <summary>The writes of an opening, in order.</summary>
    private static Func<string, GrainId, object?, bool> OpeningWrite(string write, GrainId caseGrain, Guid caseId) => write switch
    {
        "case-reserved" => (name, id, state) => name == StateNames.Case && id == caseGrain && state is CaseState { Opening: not null },
        "room-opened" => (name, _, state) => name == StateNames.Room && state is RoomState { Opened: true } room && room.CaseId == caseId,
        "case-recorded" => (name, id, state) => name == StateNames.Case && id == caseGrain && state is CaseState { Opening: null, Status: CaseStatus.Consulting },
        "day-status" => (name, _, state) => name.StartsWith(StateNames.CaseDay, StringComparison.Ordinal) && state is CaseDayGrain.State day && day.Cases.Any(c => c.CaseId == caseId && c.Status == CaseStatus.Consulting),
        _ => throw new ArgumentOutOfRangeException(nameof(write)),
    };

    /// <summary>
    /// A client's retry after a failure, with the backoff a client uses. Right after a failed write
    /// the grain's activation is being deactivated; before FailedCallDeactivationFilter left the
    /// exception out of its deactivation reason, a retry that still reached it got the same failure
    /// once more (about 1 run in 15). Kept as a client would behave.
    /// </summary>
    private static async Task<T> Retried<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (attempt < 3 && e.ToString().Contains("Injected fault", StringComparison.Ordinal))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt));
            }
        }
    }

    /// <summary>The call fails with the injected fault (as the store's error, however Orleans wraps it).</summary>
    private static async Task Injected(Func<Task> call)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(call);
        Assert.Contains("Injected fault", failure.ToString(), StringComparison.Ordinal);
    }

    private static async Task<bool> IsRegistered(ICaseGrain theCase)
    {
        try
        {
            await theCase.Get(Actors.Window);
            return true;
        }
        catch (ConsultException e) when (e.Code == ErrorCodes.NotFound)
        {
            return false;
        }
    }

    private async Task<List<Invitation>> InvitationsFor(string department, Guid caseId) =>
        [.. (await Grains.GetGrain<IDepartmentGrain>(department).GetOpenInvitations()).Where(i => i.CaseId == caseId)];

    /// <summary>Every room stored as opened for the case, whoever knows of it.</summary>
    private List<Guid> StoredRoomsOf(Guid caseId) =>
        [.. fixture.StoredStates<RoomState>(StateNames.Room).Where(r => r.State.Opened && r.State.CaseId == caseId).Select(r => Guid.Parse(r.GrainKey))];

    private CaseState StoredCase(Guid caseId) => fixture.StoredRows<CaseState>(caseId.ToString("N"), StateNames.Case).Single().Value;
}
