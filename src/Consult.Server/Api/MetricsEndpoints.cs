using System.Globalization;
using Consult.Catalog;
using Consult.Common;
using Consult.Metrics;
using Consult.Server.ApiReference;
using Consult.Server.Auth;
using Consult.Server.Caching;

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
        }).RequireAuthorization().WithTags("Figures")
            .WithName("GetDecisionFigures").WithSummary("Figures of the period for managers (default: the last 30 days)")
            .Produces<DecisionMetrics>().Refuses(StatusCodes.Status403Forbidden);

        api.MapGet("/metrics/decisions.csv", async (DateTimeOffset? from, DateTimeOffset? to, HttpContext http, IGrainFactory grains, TimeProvider time) =>
        {
            var (start, end) = Period(http, from, to, time);
            var rows = await grains.GetGrain<IMetricsQueryGrain>(0).Decisions(start, end);
            var catalog = await grains.GetGrain<ICatalogGrain>(0).Get();
            var name = $"decisions-{start.UtcDateTime:yyyyMMdd}-{end.UtcDateTime:yyyyMMdd}.csv";
            return Results.File(DecisionsCsv(rows, catalog), CsvType, name);
        }).RequireAuthorization().WithTags("Figures")
            .WithName("ExportDecisionsCsv").WithSummary("Every department's first response of the period as CSV (UTF-8 with BOM), for managers")
            .ProducesFile(CsvType).Refuses(StatusCodes.Status403Forbidden);

        api.MapGet("/metrics/cases", async ([AsParameters] FigureQuery query, HttpContext http, IGrainFactory grains, TimeProvider time) =>
            Results.Ok(await FigureRows(query, http, grains, time)))
            .RequireAuthorization().WithTags("Figures")
            .WithName("GetFigureCases").WithSummary("The cases (rooms, responses, tasks, cards) behind one figure of the period, for managers")
            .Produces<FigureRow[]>().Refuses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden);

        api.MapGet("/metrics/cases.csv", async ([AsParameters] FigureQuery query, HttpContext http, IGrainFactory grains, TimeProvider time) =>
        {
            var rows = await FigureRows(query, http, grains, time);
            var catalog = await grains.GetGrain<ICatalogGrain>(0).Get();
            return Results.File(FiguresCsv.Write(rows, catalog), CsvType, $"{query.Figure}-{DateTime.UtcNow:yyyyMMdd}.csv");
        }).RequireAuthorization().WithTags("Figures")
            .WithName("ExportFigureCasesCsv").WithSummary("The rows behind one figure as CSV (UTF-8 with BOM), for managers")
            .ProducesFile(CsvType).Refuses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden);
    }

    /// <summary>Which figure of which period to open, of one matter and one department if given.</summary>
    public sealed record FigureQuery(string? Figure, DateTimeOffset? From, DateTimeOffset? To, string? Matter, string? Department);

    private static async Task<System.Collections.Immutable.ImmutableArray<FigureRow>> FigureRows(FigureQuery query, HttpContext http, IGrainFactory grains, TimeProvider time)
    {
        var (start, end) = Period(http, query.From, query.To, time);
        if (query.Figure is null || !Figures.All.Contains(query.Figure))
            throw ConsultException.InvalidInput($"figure must be one of: {string.Join(", ", Figures.All)}.");
        return await grains.GetGrain<IMetricsQueryGrain>(0).Cases(start, end, query.Figure, Blank(query.Matter), Blank(query.Department));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>
    /// One row per department's first response, UTF-8 with a byte-order mark so that a spreadsheet
    /// opens the Chinese names correctly; times in ISO 8601 (UTC), minutes with two decimals.
    /// </summary>
    public static byte[] DecisionsCsv(IEnumerable<DecisionRow> rows, CatalogSnapshot catalog) =>
        CsvFile.Write(
            ["caseNumber", "matter", "matterName", "roomId", "department", "departmentName", "invitedAt", "decidedAt", "responseMinutes", "roomOpenedAt", "roomClosedAt", "jointOutcome", "response"],
            rows,
            row =>
            [
                row.CaseNumber,
                row.MatterCode,
                catalog.Matters.FirstOrDefault(m => m.Code == row.MatterCode)?.Name.Zh ?? row.MatterCode,
                row.RoomId.ToString(),
                row.Department,
                catalog.Departments.FirstOrDefault(d => d.Code == row.Department)?.Name.Zh ?? row.Department,
                CsvFile.Time(row.InvitedAt),
                CsvFile.Time(row.DecidedAt),
                row.ResponseMinutes.ToString("F2", CultureInfo.InvariantCulture),
                CsvFile.Time(row.RoomOpenedAt),
                row.RoomClosedAt is { } closed ? CsvFile.Time(closed) : "",
                row.JointOutcome is { } outcome ? Camel(outcome.ToString()) : "",
                Camel(row.Kind.ToString()),
            ]);

    private static string Camel(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);

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
