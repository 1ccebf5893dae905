using System.Collections.Immutable;

namespace Consult.Rooms;

/// <summary>
/// The answer to a manual reminder (催办): the departments reminded now, and those skipped with why
/// (<c>decided</c>, <c>notify</c>, or <c>tooSoon</c> with the instant the seat may be reminded again).
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.remind-result")]
public sealed record RemindResult(
    [property: Id(0)] ImmutableArray<string> Reminded,
    [property: Id(1)] ImmutableArray<SkippedReminder> Skipped);

[GenerateSerializer, Immutable, Alias("consult.skipped-reminder")]
public sealed record SkippedReminder(
    [property: Id(0)] string Department,
    [property: Id(1)] string Reason,
    [property: Id(2)] DateTimeOffset? NextAllowedAt = null);
