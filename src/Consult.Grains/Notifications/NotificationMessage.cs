using System.Collections.Immutable;

namespace Consult.Notifications;

/// <summary>One delivery's attempt as the sender needs it: what to say, over which channel, to whom.</summary>
/// <param name="Target">The webhook's index, the e-mail address, <c>dingTalk</c>, or the applicant's phone.</param>
[GenerateSerializer, Immutable, Alias("consult.notification-message")]
public sealed record NotificationMessage(
    [property: Id(0)] string Id,
    [property: Id(1)] string Type,
    [property: Id(2)] string Channel,
    [property: Id(3)] string Target,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] Guid CaseId,
    [property: Id(6)] string CaseNumber,
    [property: Id(7)] Guid? RoomId,
    [property: Id(8)] string? Department,
    [property: Id(9)] string Subject,
    [property: Id(10)] string Text,
    [property: Id(11)] ImmutableArray<string> AtMobiles);
