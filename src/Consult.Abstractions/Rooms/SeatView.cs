namespace Consult.Rooms;

[GenerateSerializer, Immutable, Alias("consult.seat")]
public sealed record SeatView(
    [property: Id(0)] string Department,
    [property: Id(1)] SeatRole Role,
    [property: Id(2)] SeatStatus Status,
    [property: Id(3)] DateTimeOffset InvitedAt,
    [property: Id(4)] DecisionView? Decision,
    [property: Id(5)] System.Collections.Immutable.ImmutableArray<string> Present,
    [property: Id(6)] bool DeemedConsentOnTimeout = false,
    [property: Id(7)] DateTimeOffset? LastRemindedAt = null);
