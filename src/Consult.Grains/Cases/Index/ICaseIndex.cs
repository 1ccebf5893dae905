using System.Collections.Immutable;

namespace Consult.Cases.Index;

/// <summary>
/// The case listing answered from an index beside the grain storage, so a page, a count or a search
/// never loads a day's lines into a grain. Kept only where the storage can feed it (Embedded mode's
/// SQLite file); without one the listing asks the day grains.
/// </summary>
public interface ICaseIndex
{
    /// <summary>
    /// The confirmed lines matching <paramref name="query"/>: their count, and <paramref name="take"/>
    /// of them from <paramref name="skip"/>, newest first, as the day grains would page them; and the
    /// pending lines of the period (their case may still confirm), for the listing to settle.
    /// The index first takes in whatever the day grains stored since it last looked.
    /// </summary>
    Task<CaseIndexAnswer> Query(CaseQuery query, int skip, int take, CancellationToken cancellationToken = default);

    /// <summary>Takes in every day row stored since the index last looked (at start, and before each query of the days it covers).</summary>
    Task CatchUp(CancellationToken cancellationToken = default);
}

/// <summary>One answer of the <see cref="ICaseIndex"/>.</summary>
public sealed record CaseIndexAnswer(int Count, ImmutableArray<CaseSummary> Lines, ImmutableArray<CaseSummary> Pending);
