namespace Consult.Cases;

/// <summary>
/// A condition of an approval with conditions, to be carried out after the close (现场落实): one
/// per itemised condition, for the department that set it, due <see cref="Due"/> (a working day
/// in the centre's calendar; overdue from the day after). <see cref="TaskId"/> runs 1, 2, … per case.
/// <see cref="DoneBy"/>: the user name of who marked it done; <see cref="DoneByName"/> their display name then.
/// <see cref="DueNotifiedAt"/>: when its department was told (notification <c>taskDue</c>) that the due day had come.
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.follow-up-task")]
public sealed record FollowUpTask(
    [property: Id(0)] int TaskId,
    [property: Id(1)] string Department,
    [property: Id(2)] string Text,
    [property: Id(3)] FollowUpStatus Status,
    [property: Id(4)] DateOnly Due,
    [property: Id(5)] Guid RoomId,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset? DoneAt = null,
    [property: Id(8)] string? DoneBy = null,
    [property: Id(9)] string? Note = null,
    [property: Id(10)] MaterialInfo? Material = null,
    [property: Id(11)] DateTimeOffset? DueNotifiedAt = null,
    // Id 30: clear of the ids the tasks' other features take next.
    [property: Id(30)] string? DoneByName = null);
