using System.Collections.Immutable;
using System.Globalization;
using Consult.Cases;
using Consult.Common;
using Consult.Hosting;

namespace Consult.Server.Api;

/// <summary>Case listings from the per-day index grains of the period, never by scanning case grains (only a pending line asks its own case).</summary>
public sealed partial class CaseListing(IGrainFactory grains, ConsultCalendar calendar, TimeProvider time, ILogger<CaseListing> logger)
{
    public const int DefaultDays = 30;
    public const int MaxDays = 366;
    public const int MaxPageSize = 100;
    public const int MaxPage = 10_000;

    public async Task<CasePage> List(Actor actor, string? status, string? matter, DateTimeOffset? from, DateTimeOffset? to, string? search, int page, int pageSize)
    {
        if (!actor.IsStaff)
            throw ConsultException.Forbidden("Departments see their cases through their inbox.");
        if (page is < 1 or > MaxPage || pageSize < 1 || pageSize > MaxPageSize)
            throw ConsultException.InvalidInput($"page is 1 to {MaxPage}; pageSize is 1 to {MaxPageSize}.");
        var matches = await Matches(actor, status, matter, from, to, search);
        return new CasePage([.. matches.Skip((page - 1) * pageSize).Take(pageSize)], page, pageSize, matches.Count);
    }

    /// <summary>Every case the listing would page through, newest first (for its CSV).</summary>
    public async Task<IReadOnlyList<CaseSummary>> Matches(Actor actor, string? status, string? matter, DateTimeOffset? from, DateTimeOffset? to, string? search)
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
            .Select(i => startDay.AddDays(i).ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        var perDay = await Task.WhenAll(days.Select(d => grains.GetGrain<ICaseDayGrain>(d).List()));
        var lines = perDay.SelectMany(d => d).ToList();
        if (lines.Any(c => c.Pending))
            lines = [.. lines.Where(c => !c.Pending), .. (await Task.WhenAll(lines.Where(c => c.Pending).Select(Settled))).OfType<CaseSummary>()];

        return lines
            .Where(c => c.CreatedAt >= start && c.CreatedAt <= end)
            .Where(c => wanted is null || c.Status == wanted)
            .Where(c => string.IsNullOrEmpty(matter) || c.MatterCode == matter)
            .Where(c => string.IsNullOrWhiteSpace(search)
                || c.CaseNumber.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase)
                || c.ApplicantName.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(c => c.CreatedAt)
            .Select(c => actor.IsWindow || actor.IsAdmin ? c : c with { ApplicantName = ApplicantInfo.MaskName(c.ApplicantName) })
            .ToList();
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
