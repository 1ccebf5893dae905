using System.Collections.Immutable;
using Consult.Cases;

namespace Consult.Outbox;

/// <summary>The cross-case index takes the case's open follow-up tasks (all of them: a newer notice replaces an older one).</summary>
[GenerateSerializer, Immutable, Alias("consult.outbox.follow-up-index")]
public sealed record FollowUpIndexNotice(
    [property: Id(0)] ImmutableArray<OpenFollowUp> Open) : OutboxEntry
{
    public override string Slot => "follow-up/index";

    public override string Target => "follow-up-index";
}
