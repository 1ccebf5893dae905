using System.Collections.Immutable;
using System.Globalization;
using Consult.Cases;
using Consult.Cases.Index;
using Consult.Common;
using Consult.Hosting;

namespace Consult.Server.Api;

/// <summary>Case listings from the per-day index grains of the period, never by scanning case grains (only a pending line asks its own case).</summary>
public sealed partial class CaseListing(IGrainFactory grains, ConsultCalendar calendar, TimeProvider time, ILogger<CaseListing> logger, IServiceProvider services)
{
    // The node's case index (Embedded: beside the SQLite storage; Cluster: in the data folder, fed from Redis); without one (Memory) the day grains answer.
    private readonly ICaseIndex? _index = services.GetService<ICaseIndex>();

    public const int DefaultDays = 30;
    public const int MaxDays = 366;
    public const int MaxPageSize = 100;
    public const int MaxPage = 10_000;

    /// <remarks>
    /// Each day of the period counts its matching lines, and only the days the page falls in hand
    /// over their slice: a page costs a count per day and at most one page of lines, however many
    /// cases the period holds. A day with a pending line (a registration interrupted before its case
    /// confirmed) is settled first through <see cref="Matches"/>, as the CSV is.
    /// </remarks>
    public async Task<CasePage> List(Actor actor, string? status, string? matter, DateTimeOffset? from, DateTimeOffset? to, string? search, int page, int pageSize)
    {
        if (!actor.IsStaff)
            throw ConsultException.Forbidden("Departments see their cases through their inbox.");
        if (page is < 1 or > MaxPage || pageSize < 1 || pageSize > MaxPageSize)
            throw ConsultException.InvalidInput($"page is 1 to {MaxPage}; pageSize is 1 to {MaxPageSize}.");
        var (query, days) = Parse(actor, status, matter, from, to, search);
        if (_index is not null)
        {
            var answer = await Settled(_index, query, (page - 1) * pageSize, pageSize, CancellationToken.None);
            return new CasePage([.. answer.Lines.Select(c => Shown(actor, c))], page, pageSize, answer.Count);
        }

        var newestFirst = days.Reverse().Select(d => grains.GetGrain<ICaseDayGrain>(d)).ToList();
        var counts = await Task.WhenAll(newestFirst.Select(d => d.Query(query, 0, 0)));
        if (counts.Any(c => c.HasPending))
        {
            var matches = await Matches(actor, status, matter, from, to, search);
            return new CasePage([.. matches.Skip((page - 1) * pageSize).Take(pageSize)], page, pageSize, matches.Count);
        }

        var lines = new List<CaseSummary>(pageSize);
        var skip = (page - 1) * pageSize;
        for (var i = 0; i < newestFirst.Count && lines.Count < pageSize; i++)
        {
            if (skip >= counts[i].Count)
            {
                skip -= counts[i].Count;
                continue;
            }

            var slice = await newestFirst[i].Query(query, skip, Math.Min(pageSize - lines.Count, counts[i].Count - skip));
            lines.AddRange(slice.Lines);
            skip = 0;
        }

        return new CasePage([.. lines.Select(c => Shown(actor, c))], page, pageSize, counts.Sum(c => c.Count));
    }

    /// <summary>Lines the CSV reads from the index at a time.</summary>
    public const int ExportPageSize = 1_000;

    /// <summary>
    /// Every case the listing would page through, newest first, for its CSV: the parameters are
    /// checked and the first page read (its pending lines settled) before this returns, then the
    /// rest is read from the index a page at a time as the file is written, so a month of a busy
    /// centre is never held whole. Without an index (Memory storage) the period's days are read
    /// from their day grains one at a time, newest first.
    /// </summary>
    /// <remarks>
    /// The period's end is fixed when the export starts (<c>to</c>, or now), so cases registered
    /// while it runs do not shift its pages. A case that leaves a filtered status while the file is
    /// being written shifts the later pages of that filter by one: such a file may miss one line or
    /// repeat one per change, which the page of the listing does not; unfiltered files are exact.
    /// </remarks>
    public async Task<IAsyncEnumerable<CaseSummary>> Export(Actor actor, string? status, string? matter, DateTimeOffset? from, DateTimeOffset? to, string? search, CancellationToken cancellationToken, int pageSize = ExportPageSize)
    {
        var (query, days) = Parse(actor, status, matter, from, to, search);
        if (_index is null)
            return Days(actor, query, days, await DayLines(days[^1]), cancellationToken);
        return Pages(_index, actor, query, await Settled(_index, query, 0, pageSize, cancellationToken), pageSize, cancellationToken);
    }

    /// <summary>
    /// The index's answer with its pending lines settled first (each case asked to finish its
    /// registration, which confirms its line), then asked again, having taken that in.
    /// </summary>
    private async Task<CaseIndexAnswer> Settled(ICaseIndex index, CaseQuery query, int skip, int take, CancellationToken cancellationToken)
    {
        var answer = await index.Query(query, skip, take, cancellationToken);
        if (answer.Pending.IsEmpty)
            return answer;
        await Task.WhenAll(answer.Pending.Select(Settled));
        return await index.Query(query, skip, take, cancellationToken);
    }

    /// <summary>
    /// Without an index: the period's days newest first, one day's lines in memory at a time (the
    /// newest one read before the file starts). A day's cases are all newer than the day before's,
    /// so the file is in the same order as the listing.
    /// </summary>
    private async IAsyncEnumerable<CaseSummary> Days(Actor actor, CaseQuery query, IReadOnlyList<string> days, List<CaseSummary> newest, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = days.Count - 1; i >= 0; i--)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var lines = i == days.Count - 1 ? newest : await DayLines(days[i]);
            foreach (var line in lines.Where(query.Matches).OrderByDescending(c => c.CreatedAt))
                yield return Shown(actor, line);
        }
    }

    /// <summary>One day's lines from its day grain, its pending lines settled (or left out).</summary>
    private async Task<List<CaseSummary>> DayLines(string day)
    {
        var lines = (await grains.GetGrain<ICaseDayGrain>(day).List()).ToList();
        if (lines.Any(c => c.Pending))
            lines = [.. lines.Where(c => !c.Pending), .. (await Task.WhenAll(lines.Where(c => c.Pending).Select(Settled))).OfType<CaseSummary>()];
        return lines;
    }

    private static async IAsyncEnumerable<CaseSummary> Pages(ICaseIndex index, Actor actor, CaseQuery query, CaseIndexAnswer first, int pageSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var answer = first;
        var read = 0;
        while (true)
        {
            foreach (var line in answer.Lines)
                yield return Shown(actor, line);
            read += answer.Lines.Length;
            if (answer.Lines.Length < pageSize || read >= answer.Count)
                yield break;
            answer = await index.Query(query, read, pageSize, cancellationToken);
        }
    }

    /// <summary>Every case the listing would page through, newest first, read whole from the day grains.</summary>
    private async Task<IReadOnlyList<CaseSummary>> Matches(Actor actor, string? status, string? matter, DateTimeOffset? from, DateTimeOffset? to, string? search)
    {
        var (query, days) = Parse(actor, status, matter, from, to, search);
        var perDay = await Task.WhenAll(days.Select(DayLines));
        return perDay.SelectMany(d => d)
            .Where(query.Matches)
            .OrderByDescending(c => c.CreatedAt)
            .Select(c => Shown(actor, c))
            .ToList();
    }

    /// <summary>The applicant's name in full for window officers and administrators, masked for everyone else on the staff.</summary>
    private static CaseSummary Shown(Actor actor, CaseSummary line) =>
        actor.IsWindow || actor.IsAdmin ? line : line with { ApplicantName = ApplicantInfo.MaskName(line.ApplicantName) };

    /// <summary>The listing's parameters checked and made into the days' query, with the period's day keys, oldest first.</summary>
    private (CaseQuery Query, IReadOnlyList<string> Days) Parse(Actor actor, string? status, string? matter, DateTimeOffset? from, DateTimeOffset? to, string? search)
    {
        if (!actor.IsStaff)
            throw ConsultException.Forbidden("Departments see their cases through their inbox.");
        CaseStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<CaseStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
                throw ConsultException.InvalidInput($"Unknown status '{status}'.");
            wanted = parsed;
        }

        if (search is not null)
            TextRules.Require(search, "q", 100, required: false);
        if (from is { Year: < 2000 or > 9000 } || to is { Year: < 2000 or > 9000 })
            throw ConsultException.InvalidInput("from and to must be dates between the years 2000 and 9000.");
        var end = to ?? time.GetUtcNow();
        var start = from ?? end.AddDays(-(DefaultDays - 1));
        if (start > end)
            throw ConsultException.InvalidInput("from must not be after to.");

        var startDay = LocalDay(start);
        var endDay = LocalDay(end);
        if (endDay.DayNumber - startDay.DayNumber + 1 > MaxDays)
            throw ConsultException.InvalidInput($"A listing covers at most {MaxDays} days.");

        var days = Enumerable.Range(0, endDay.DayNumber - startDay.DayNumber + 1)
            .Select(i => startDay.AddDays(i).ToString("yyyyMMdd", CultureInfo.InvariantCulture))
            .ToList();
        var text = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
        return (new CaseQuery(start, end, wanted, string.IsNullOrEmpty(matter) ? null : matter, text), days);
    }

    /// <summary>
    /// A pending line's number was taken by a case that has not confirmed it: the case is asked to
    /// finish its registration (it stored everything it needs before taking the number). Until it
    /// has, the line is not shown as a case.
    /// </summary>
    private async Task<CaseSummary?> Settled(CaseSummary line)
    {
        try
        {
            return await grains.GetGrain<ICaseGrain>(line.CaseId).FinishRegistration() ? line with { Pending = false } : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The case cannot finish now (its store is away): leave the line out; the next listing asks again.
            LogPendingLineLeftOut(logger, e, line.CaseNumber, line.CaseId);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseNumber} ({CaseId}) could not finish its registration; its pending line is left out of the listing")]
    private static partial void LogPendingLineLeftOut(ILogger logger, Exception exception, string caseNumber, Guid caseId);

    private DateOnly LocalDay(DateTimeOffset instant) =>
        DateOnly.ParseExact(calendar.DayKey(instant), "yyyyMMdd", CultureInfo.InvariantCulture);
}
