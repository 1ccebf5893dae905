using System.Collections.Immutable;
using System.Globalization;
using Consult.Catalog;
using Consult.Common;
using Consult.Rooms;

namespace Consult.Cases;

/// <summary>Opening the case's rooms: reserve, then commit, with the idempotency of the opening request.</summary>
public sealed partial class CaseGrain
{
    /// <remarks>
    /// Reserve, then commit: the case stores the room it is about to open with its command
    /// (<see cref="CaseState.Opening"/>) before asking the room, and records the room afterwards.
    /// A call that finds such a reservation finishes it first (the room's <c>Open</c> answers the
    /// same room again), so a failure between the writes leaves no room outside its case.
    /// </remarks>
    public async Task<RoomSnapshot> OpenConsultation(Actor actor, OpenConsultation request)
    {
        EnsureRegistered();
        if (!actor.IsWindow)
            throw ConsultException.Forbidden("Only a window officer convenes a consultation.");
        IdempotencyKeys.EnsureValid(request.IdempotencyKey);
        request = request with { MeetingLink = MeetingLinks.Normalize(request.MeetingLink) };
        var asked = AsAsked(request);
        var keyScope = request.IdempotencyKey is { } key ? $"{actor.UserName}\n{key}" : null;

        if (State.Opening is { } pending)
        {
            var finished = await FinishOpening(pending);
            if (pending.Convener.UserName == actor.UserName && pending.Key == request.IdempotencyKey && pending.Request == asked)
                return finished;
        }

        if (keyScope is not null && State.OpenedByKey.TryGetValue(keyScope, out var opened))
        {
            if (opened.Request != asked)
                throw ConsultException.Conflict("This Idempotency-Key opened a consultation with another request.");
            // The first attempt may have failed telling the day index; the retry completes it.
            await GrainFactory.GetGrain<ICaseDayGrain>(State.DayKey).UpdateStatus(CaseId, State.Status);
            return await GrainFactory.GetGrain<IConsultationGrain>(opened.RoomId).Get(actor);
        }

        if (State.Status is not (CaseStatus.Received or CaseStatus.SupplementRequired))
            throw ConsultException.Conflict(State.Status == CaseStatus.Consulting
                ? "A consultation is open for this case already."
                : $"The case is {State.Status}; no consultation can be opened.");

        var catalog = await GrainFactory.GetGrain<ICatalogGrain>(0).Get();
        var matter = await Matter(catalog);
        // A staged case's room takes its current stage's seats and rule.
        var stage = new CaseStages(State.Stages).Current;
        var defaults = stage?.Departments ?? matter.Departments;
        ImmutableArray<DefaultSeat> seats = request.Seats is { } requested
            ? [.. requested.Select(s => new DefaultSeat(
                s.Department?.Trim() ?? "",
                s.Role ?? defaults.FirstOrDefault(d => d.Department == s.Department)?.Role ?? SeatRole.Required,
                s.DeemedConsentOnTimeout ?? defaults.FirstOrDefault(d => d.Department == s.Department)?.DeemedConsentOnTimeout ?? false))]
            // The matter's own seats, without a department retired since the matter was written.
            : [.. defaults.Where(d => catalog.IsActive(d.Department))];
        if (seats.IsDefaultOrEmpty)
            throw ConsultException.InvalidInput("departments must name at least one department.");
        var unknown = seats.Where(s => !catalog.Departments.Any(d => d.Code == s.Department)).Select(s => s.Department).ToList();
        if (unknown.Count > 0)
            throw ConsultException.InvalidInput($"Unknown departments: {string.Join(", ", unknown)}.");
        var retired = seats.Where(s => !catalog.IsActive(s.Department)).Select(s => s.Department).ToList();
        if (retired.Count > 0)
            throw ConsultException.InvalidInput($"Retired departments cannot be invited: {string.Join(", ", retired)}.");
        if (seats.Select(s => s.Department).Distinct().Count() != seats.Length)
            throw ConsultException.InvalidInput("A department is listed twice.");
        if (!seats.Any(s => s.Role == SeatRole.Required))
            throw ConsultException.InvalidInput("At least one department must be required: otherwise nobody decides.");

        var now = time.GetUtcNow();
        // An appointment or a limit more than a year away is a typing error, and 9999-12-31 would overflow below.
        if (request.ScheduledAt > now.AddYears(1) || request.Deadline > now.AddYears(1))
            throw ConsultException.InvalidInput("scheduledAt and deadline must be within a year from now.");
        var start = request.ScheduledAt is { } scheduled && scheduled > now ? scheduled : now;
        var deadline = request.Deadline ?? start.AddMinutes(matter.TimeLimitMinutes);
        if (deadline <= now || deadline <= start)
            throw ConsultException.InvalidInput("deadline must be later than the start.");

        var opening = new RoomOpening
        {
            RoomId = Guid.NewGuid(),
            Convener = actor,
            Command = new OpenRoomCommand(CaseId, State.CaseNumber, State.MatterCode, stage?.Rule ?? matter.Rule, seats, request.ScheduledAt, deadline, State.Summary,
                MaterialVersions.Latest(State.Materials), matter.Version, request.MeetingLink),
            Key = request.IdempotencyKey,
            Request = asked,
        };
        State.Opening = opening;
        await store.WriteStateAsync();
        return await FinishOpening(opening);
    }

    /// <summary>An opening request as sent, without its key: what tells a retry from another request.</summary>
    /// <remarks>A meeting link is added only when there is one, so requests kept before links existed still match.</remarks>
    private static string AsAsked(OpenConsultation request) => string.Join('\n',
        request.Seats is { IsDefault: false } seats ? string.Join(';', seats.Select(s => $"{s.Department}:{s.Role}:{s.DeemedConsentOnTimeout}")) : "(matter)",
        request.ScheduledAt?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "",
        request.Deadline?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "") + (request.MeetingLink is { } link ? $"\n{link}" : "");

    /// <summary>Opens the reserved room (again: <c>Open</c> is idempotent for this case) and records it.</summary>
    private async Task<RoomSnapshot> FinishOpening(RoomOpening opening)
    {
        var snapshot = await GrainFactory.GetGrain<IConsultationGrain>(opening.RoomId).Open(opening.Convener, opening.Command);
        await RecordOpened(snapshot, opening.Convener, opening);
        return snapshot;
    }

    private async Task RecordOpened(RoomSnapshot room, Actor convener, RoomOpening? opening)
    {
        _room = room;
        State.Rooms.Add(room.RoomId);
        State.CurrentRoomId = room.RoomId;
        State.Departments.UnionWith(room.Seats.Select(s => s.Department));
        if (opening?.Key is { } key)
            State.OpenedByKey[$"{convener.UserName}\n{key}"] = new OpenedRoom { RoomId = room.RoomId, Request = opening.Request };
        State.Opening = null;
        new CaseStages(State.Stages).RoomOpened(room.RoomId);
        AddTimeline(convener, TimelineTypes.ConsultationOpened, null, room.RoomId);
        // A new round after a supplement means the applicant resubmitted: the clock runs again.
        var clock = await Clock();
        if (clock.Paused)
        {
            ResumeClock(clock, convener, null);
            await ArmClock(clock);
        }

        await SetStatus(CaseStatus.Consulting);
        // Followed already (a second round): the new room reports its decisions from the start.
        if (_followers.Count > 0)
            await FollowRoomMoves();
    }
}
