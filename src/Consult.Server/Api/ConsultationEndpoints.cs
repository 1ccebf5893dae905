using Consult.Rooms;
using Consult.Server.ApiReference;
using Consult.Server.Auth;

namespace Consult.Server.Api;

public static class ConsultationEndpoints
{
    public static void MapConsultationEndpoints(this RouteGroupBuilder api)
    {
        var rooms = api.MapGroup("/consultations/{roomId:guid}").RequireAuthorization().WithTags("Consultations");

        rooms.MapGet("/", (Guid roomId, HttpContext http, IGrainFactory grains) =>
            Room(grains, roomId).Get(http.User.ToActor()))
            .WithName("GetConsultation").WithSummary("The room as it stands").Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        rooms.MapGet("/events", (Guid roomId, long? afterSeq, HttpContext http, IGrainFactory grains) =>
            Room(grains, roomId).GetEvents(http.User.ToActor(), afterSeq ?? 0))
            .WithName("ListConsultationEvents").WithSummary("The room's events after afterSeq (the REST twin of the hub's Resync)").Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        rooms.MapPost("/decisions", (Guid roomId, DecisionInput input, HttpContext http, IGrainFactory grains) =>
            Room(grains, roomId).CastDecision(http.User.ToActor(), input))
            .WithName("CastDecision").WithSummary("Cast (or revise) the department's decision; its idempotencyKey makes a retry record once").Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        rooms.MapPost("/messages", (Guid roomId, ChatMessage message, HttpContext http, IGrainFactory grains) =>
            Room(grains, roomId).PostMessage(http.User.ToActor(), message))
            .WithName("PostMessage").WithSummary("Post a message to the room's discussion").Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        rooms.MapPost("/invitations", (Guid roomId, InvitationRequest request, HttpContext http, IGrainFactory grains) =>
            Room(grains, roomId).Invite(http.User.ToActor(), request.Department, request.Role ?? SeatRole.Required))
            .WithName("InviteDepartment").WithSummary("Invite another department (convener, managers)").Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        rooms.MapPost("/deadline", (Guid roomId, ExtendDeadlineRequest request, HttpContext http, IGrainFactory grains) =>
            Room(grains, roomId).ExtendDeadline(http.User.ToActor(), request.Deadline, request.Reason))
            .WithName("ExtendDeadline").WithSummary("Move the room's deadline, with a reason (convener, managers)").Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        rooms.MapPost("/reminders", (Guid roomId, RemindRequest? request, HttpContext http, IGrainFactory grains) =>
            Room(grains, roomId).Remind(http.User.ToActor(), request?.Departments))
            .WithName("RemindSeats").WithSummary("Remind undecided seats (all, or the departments named)").Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        rooms.MapPut("/meeting-link", (Guid roomId, MeetingLinkRequest request, HttpContext http, IGrainFactory grains) =>
            Room(grains, roomId).SetMeetingLink(http.User.ToActor(), request.Url))
            .WithName("SetMeetingLink").WithSummary("Set, change or (url null) remove the room's external meeting link: https only (convener, managers)").Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        rooms.MapPost("/close", (Guid roomId, CloseRequest request, HttpContext http, IGrainFactory grains) =>
            Room(grains, roomId).Close(http.User.ToActor(), request.Statement, request.ExpectedSeq))
            .WithName("CloseConsultation").WithSummary("Close the room with the joint statement; expectedSeq refuses a room that changed since").Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static IConsultationGrain Room(IGrainFactory grains, Guid roomId) => grains.GetGrain<IConsultationGrain>(roomId);
}
