using Consult.Rooms;
using Consult.Server.Auth;

namespace Consult.Server.Api;

public static class ConsultationEndpoints
{
    public static void MapConsultationEndpoints(this RouteGroupBuilder api)
    {
        var rooms = api.MapGroup("/consultations/{roomId:guid}").RequireAuthorization();

        rooms.MapGet("/", (Guid roomId, HttpContext http, IGrainFactory grains) =>
            Room(grains, roomId).Get(http.User.ToActor()));

        rooms.MapGet("/events", (Guid roomId, long? afterSeq, HttpContext http, IGrainFactory grains) =>
            Room(grains, roomId).GetEvents(http.User.ToActor(), afterSeq ?? 0));

        rooms.MapPost("/decisions", (Guid roomId, DecisionInput input, HttpContext http, IGrainFactory grains) =>
            Room(grains, roomId).CastDecision(http.User.ToActor(), input));

        rooms.MapPost("/messages", (Guid roomId, ChatMessage message, HttpContext http, IGrainFactory grains) =>
            Room(grains, roomId).PostMessage(http.User.ToActor(), message));

        rooms.MapPost("/invitations", (Guid roomId, InvitationRequest request, HttpContext http, IGrainFactory grains) =>
            Room(grains, roomId).Invite(http.User.ToActor(), request.Department, request.Role ?? SeatRole.Required));

        rooms.MapPost("/deadline", (Guid roomId, ExtendDeadlineRequest request, HttpContext http, IGrainFactory grains) =>
            Room(grains, roomId).ExtendDeadline(http.User.ToActor(), request.Deadline, request.Reason));

        rooms.MapPost("/reminders", (Guid roomId, RemindRequest? request, HttpContext http, IGrainFactory grains) =>
            Room(grains, roomId).Remind(http.User.ToActor(), request?.Departments));

        rooms.MapPost("/close", (Guid roomId, CloseRequest request, HttpContext http, IGrainFactory grains) =>
            Room(grains, roomId).Close(http.User.ToActor(), request.Statement, request.ExpectedSeq));
    }

    private static IConsultationGrain Room(IGrainFactory grains, Guid roomId) => grains.GetGrain<IConsultationGrain>(roomId);
}
