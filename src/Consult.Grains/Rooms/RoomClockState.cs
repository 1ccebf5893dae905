namespace Consult.Rooms;

/// <summary>
/// What the room's clock has done, written with the room: every tick reads it before acting, so a
/// reminder or card is issued once however often the tick runs (after a restart, on another node).
/// </summary>
[GenerateSerializer, Alias("consult.room-grain.clock")]
public sealed class RoomClockState
{
    /// <summary>When the session actually began; the limit's shares count from it.</summary>
    [Id(0)] public DateTimeOffset? StartedAt { get; set; }
    [Id(1)] public bool StartReminderSent { get; set; }
    /// <summary>The shares of the limit whose reminder went out (or was passed over because the deadline had passed).</summary>
    [Id(2)] public List<double> FractionsReminded { get; set; } = [];
    /// <summary>The deadline whose passing was handled; an extension past it makes a new one to handle.</summary>
    [Id(3)] public DateTimeOffset? DeadlineHandled { get; set; }
    [Id(4)] public List<RoomCard> Cards { get; set; } = [];
    /// <summary>The last reminder by hand per department, for the 催办 interval.</summary>
    [Id(5)] public Dictionary<string, DateTimeOffset> ManuallyReminded { get; set; } = [];
    /// <summary>The last reminder of any kind per department (shown on the board).</summary>
    [Id(6)] public Dictionary<string, DateTimeOffset> LastReminded { get; set; } = [];
    /// <summary>The instant the clock reminder is registered for; null when none is registered.</summary>
    [Id(7)] public DateTimeOffset? NextDue { get; set; }

    public bool HasCard(string department, CardLevel level) => Cards.Exists(c => c.Department == department && c.Level == level);

    /// <summary>The worst card <paramref name="department"/> holds, if any.</summary>
    public CardLevel? WorstCard(string department) =>
        HasCard(department, CardLevel.Red) ? CardLevel.Red : HasCard(department, CardLevel.Yellow) ? CardLevel.Yellow : null;
}
