using System.Globalization;
using Consult.Catalog;
using Consult.Common;
using Consult.Metrics;
using Consult.Server.Auth;
using Consult.Server.Caching;
using CsvHelper;

namespace Consult.Server.Api;

public static class MetricsEndpoints
{
    public const string CsvType = "text/csv; charset=utf-8";

    public static void MapMetricsEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/metrics/decisions", async (DateTimeOffset? from, DateTimeOffset? to, HttpContext http, IGrainFactory grains, TimeProvider time, CachedReads cache) =>
        {
            var (start, end) = Period(http, from, to, time);
            return Results.Bytes(
                await cache.Metrics(from, to, async () => await grains.GetGrain<IMetricsQueryGrain>(0).Query(start, end)),
                CachedReads.JsonContentType);
        }).RequireAuthorization();

        api.MapGet("/metrics/decisions.csv", async (DateTimeOffset? from, DateTimeOffset? to, HttpContext http, IGrainFactory grains, TimeProvider time) =>
        {
            var (start, end) = Period(http, from, to, time);
            var rows = await grains.GetGrain<IMetricsQueryGrain>(0).Decisions(start, end);
            var catalog = await grains.GetGrain<ICatalogGrain>(0).Get();
            var name = $"decisions-{start.UtcDateTime:yyyyMMdd}-{end.UtcDateTime:yyyyMMdd}.csv";
            return Results.File(DecisionsCsv(rows, catalog), CsvType, name);
        }).RequireAuthorization();
    }

    /// <summary>
    /// One row per department's first response, UTF-8 with a byte-order mark so that a spreadsheet
    /// opens the Chinese names correctly; times in ISO 8601 (UTC), minutes with two decimals.
    /// </summary>
    public static byte[] DecisionsCsv(IEnumerable<DecisionRow> rows, CatalogSnapshot catalog)
    {
        using var buffer = new MemoryStream();
        var options = new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.Escape };
        using (var csv = CsvWriter.Create(buffer, options, leaveOpen: true))
        {
            csv.WriteHeader(["caseNumber", "matter", "matterName", "roomId", "department", "departmentName", "invitedAt", "decidedAt", "responseMinutes", "roomOpenedAt", "roomClosedAt", "jointOutcome"]);
            foreach (var row in rows)
            {
                csv.WriteRecord([
                    row.CaseNumber,
                    row.MatterCode,
                    catalog.Matters.FirstOrDefault(m => m.Code == row.MatterCode)?.Name.Zh ?? row.MatterCode,
                    row.RoomId.ToString(),
                    row.Department,
                    catalog.Departments.FirstOrDefault(d => d.Code == row.Department)?.Name.Zh ?? row.Department,
                    Time(row.InvitedAt),
                    Time(row.DecidedAt),
                    row.ResponseMinutes.ToString("F2", CultureInfo.InvariantCulture),
                    Time(row.RoomOpenedAt),
                    row.RoomClosedAt is { } closed ? Time(closed) : "",
                    row.JointOutcome is { } outcome ? System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(outcome.ToString()) : "",
                ]);
            }
        }

        return buffer.ToArray();
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The period asked for (default: the last 30 days), for managers and administrators only.</summary>
    private static (DateTimeOffset Start, DateTimeOffset End) Period(HttpContext http, DateTimeOffset? from, DateTimeOffset? to, TimeProvider time)
    {
        var actor = http.User.ToActor();
        if (!actor.IsManager && !actor.IsAdmin)
            throw ConsultException.Forbidden("Only managers read the decision figures.");
        if (from is { Year: < 2000 or > 9000 } || to is { Year: < 2000 or > 9000 })
            throw ConsultException.InvalidInput("from and to must be dates between the years 2000 and 9000.");
        var end = to ?? time.GetUtcNow();
        var start = from ?? end.AddDays(-30);
        if (start >= end || end - start > TimeSpan.FromDays(366 * 3))
            throw ConsultException.InvalidInput("from must be before to, at most three years apart.");
        return (start, end);
    }
}
