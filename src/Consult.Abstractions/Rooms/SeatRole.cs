namespace Consult.Rooms;

public enum SeatRole
{
    /// <summary>Its decision counts in the joint rule.</summary>
    Required,
    /// <summary>Its opinion is recorded and shown; it does not decide.</summary>
    Advisory,
    /// <summary>Copied: sees the room, does not decide.</summary>
    Notify,
}
