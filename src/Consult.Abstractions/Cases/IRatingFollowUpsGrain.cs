using System.Collections.Immutable;

namespace Consult.Cases;

/// <summary>
/// The poor ratings still to be answered, one list per cluster (key 0), fed by the cases' outboxes:
/// the managers' list of open follow-ups (整改/回访) without visiting every case.
/// </summary>
[Alias("consult.rating-follow-ups-grain")]
public interface IRatingFollowUpsGrain : IGrainWithIntegerKey
{
    /// <summary>The case's open follow-up is now <paramref name="open"/> (null: none); a repeat changes nothing.</summary>
    [Alias("set")]
    Task Set(Guid caseId, OpenRatingFollowUp? open);

    /// <summary>The open follow-ups, oldest rating first.</summary>
    [Alias("open")]
    Task<ImmutableArray<OpenRatingFollowUp>> Open();
}
