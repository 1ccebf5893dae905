using System.Collections.Immutable;

namespace Consult.Cases;

/// <summary>What the applicant sees of the follow-up tasks: how many are done, and each one without staff notes or names.</summary>
[GenerateSerializer, Immutable, Alias("consult.follow-up-progress")]
public sealed record FollowUpProgress(
    [property: Id(0)] int Done,
    [property: Id(1)] int Total,
    [property: Id(2)] ImmutableArray<PublicFollowUp> Tasks);

[GenerateSerializer, Immutable, Alias("consult.public-follow-up")]
public sealed record PublicFollowUp(
    [property: Id(0)] string Department,
    [property: Id(1)] string Text,
    [property: Id(2)] FollowUpStatus Status,
    [property: Id(3)] DateOnly Due,
    [property: Id(4)] DateTimeOffset? DoneAt);
