using Consult.Common;

namespace Consult.Rooms;

/// <summary>Who may see and chair a room, and whether it takes changes: pure rules over its state.</summary>
public static class RoomAccess
{
    public static void EnsureExists(RoomState room, Guid roomId)
    {
        if (!room.Opened)
            throw ConsultException.NotFound($"No consultation {roomId}.");
    }

    public static void EnsureOpen(RoomState room)
    {
        if (room.Status == RoomStatus.Closed)
            throw ConsultException.RoomClosed("The consultation is closed.");
    }

    /// <summary>Staff see every room; a department only the rooms it has a seat in.</summary>
    public static void EnsureCanSee(RoomState room, Guid roomId, Actor actor)
    {
        EnsureExists(room, roomId);
        if (actor.IsStaff)
            return;
        if (actor.IsDepartment && actor.Department is not null && room.SeatOf(actor.Department) is not null)
            return;
        throw actor.IsDepartment
            ? ConsultException.NotInvited($"'{actor.Department}' is not invited to this consultation.")
            : ConsultException.Forbidden("You may not see this consultation.");
    }

    /// <summary>A department decides for itself; the chair may record a decision on its behalf.</summary>
    public static void EnsureMayDecide(RoomState room, Guid roomId, Actor actor, DecisionInput input)
    {
        EnsureExists(room, roomId);
        if (input.OnBehalf)
            EnsureChair(room, roomId, actor);
        else if (!actor.IsDepartment || !string.Equals(actor.Department, input.Department, StringComparison.Ordinal))
            throw ConsultException.Forbidden($"Only a representative of '{input.Department}' decides for it.");
    }

    /// <summary>Only the convener, or a manager, chairs: invites, extends, closes.</summary>
    public static void EnsureChair(RoomState room, Guid roomId, Actor actor)
    {
        EnsureExists(room, roomId);
        if (actor.IsManager || (actor.IsWindow && actor.UserName == room.Convener))
            return;
        throw ConsultException.Forbidden("Only the convener or a manager may do this.");
    }

    /// <summary>
    /// The applicant (whose tracking link the host checked against this room's case) is in the room
    /// only for its call, and only while the convener allows it.
    /// </summary>
    public static void EnsureApplicantAdmitted(RoomState room, Guid roomId)
    {
        EnsureExists(room, roomId);
        if (!room.ApplicantMayCall)
            throw ConsultException.Forbidden("The convener has not let the applicant join this call.");
    }

    /// <summary>The room's convener only (the one who chairs the session in person; not a manager).</summary>
    public static void EnsureConvener(RoomState room, Guid roomId, Actor actor)
    {
        EnsureExists(room, roomId);
        if (!actor.IsWindow || actor.UserName != room.Convener)
            throw ConsultException.Forbidden("Only the room's convener may do this.");
    }

    /// <summary>
    /// The call is for the room's members: its departments' representatives, its convener and
    /// managers (not every window clerk who may look at the room).
    /// </summary>
    public static void EnsureMayCall(RoomState room, Guid roomId, Actor actor)
    {
        if (actor.IsApplicant)
        {
            EnsureApplicantAdmitted(room, roomId);
            return;
        }

        EnsureCanSee(room, roomId, actor);
        if (actor.IsDepartment || actor.IsManager || (actor.IsWindow && actor.UserName == room.Convener))
            return;
        throw ConsultException.Forbidden("Only the room's convener, its departments and managers join its call.");
    }
}
