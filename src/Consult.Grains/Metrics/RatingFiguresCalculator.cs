using System.Collections.Immutable;
using Consult.Cases;

namespace Consult.Metrics;

/// <summary>Pure arithmetic over the ratings (好差评) the buckets hold.</summary>
public static class RatingFiguresCalculator
{
    /// <summary>The ratings given in [<paramref name="from"/>, <paramref name="to"/>), each case once.</summary>
    public static RatingFigures Compute(DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<RatingRecord> ratings)
    {
        var given = ratings.Where(r => r.RatedAt >= from && r.RatedAt < to && Ratings.IsValid(r.Score))
            .DistinctBy(r => r.CaseId)
            .ToList();
        var byScore = Enumerable.Range(Ratings.MinScore, Ratings.MaxScore - Ratings.MinScore + 1)
            .Select(score => given.Count(r => r.Score == score))
            .ToImmutableArray();
        return new RatingFigures(
            given.Count,
            given.Count == 0 ? null : Average(given),
            given.Count(r => Ratings.IsPoor(r.Score)),
            byScore,
            Groups(given.Select(r => (r.MatterCode, (string?)null, r))),
            Groups(given.Select(r => (r.Convener, r.ConvenerName, r))),
            Groups(given.SelectMany(r => (r.Departments.IsDefault ? [] : r.Departments).Distinct().Select(d => (d, (string?)null, r)))));
    }

    private static ImmutableArray<RatingGroup> Groups(IEnumerable<(string Key, string? Name, RatingRecord Rating)> rows) =>
        [.. rows.GroupBy(x => x.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var ratings = g.Select(x => x.Rating).ToList();
                // The convener's latest display name: the one managers know them by now.
                var name = g.OrderBy(x => x.Rating.RatedAt).Select(x => x.Name).LastOrDefault(n => n is not null);
                return new RatingGroup(g.Key, ratings.Count, Average(ratings), ratings.Count(r => Ratings.IsPoor(r.Score)), name);
            })
            .OrderBy(g => g.Key, StringComparer.Ordinal)];

    private static double Average(IReadOnlyCollection<RatingRecord> ratings) => Math.Round(ratings.Average(r => r.Score), 2);
}
