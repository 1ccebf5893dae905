namespace Consult.Rooms;

/// <summary>
/// For operators and tests, never exposed over the hub or REST: what a room's log holds in memory
/// and how much it has read (the same activation as <see cref="IConsultationGrain"/> of that id).
/// </summary>
[Alias("consult.room-grain.diagnostics")]
public interface IRoomLogDiagnostics : IGrainWithGuidKey
{
    [Alias("log-stats")]
    Task<RoomLogStats> GetLogStats();

    /// <summary>This activation of the room (tests tell a reactivated room from the one before).</summary>
    [Alias("activation")]
    Task<string> GetActivationId();
}
