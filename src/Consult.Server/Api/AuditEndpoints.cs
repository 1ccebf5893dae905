using Consult.Server.ApiReference;
using Consult.Server.Audit;
using Consult.Server.Auth;

namespace Consult.Server.Api;

/// <summary>A case's audit trail for staff: <c>audit.jsonl</c> and <c>audit.csv</c>.</summary>
public static class AuditEndpoints
{
    public static void MapAuditEndpoints(this RouteGroupBuilder api)
    {
        var cases = api.MapGroup("/cases/{caseId:guid}").RequireAuthorization().WithTags("Cases");

        cases.MapGet("/audit.jsonl", async (Guid caseId, HttpContext http, CaseAudit audit) =>
        {
            var (caseNumber, lines) = await audit.Read(http.User.ToActor(), caseId);
            return Results.File(CaseAudit.JsonLines(lines), CaseAudit.JsonLinesType, $"audit-{caseNumber}.jsonl");
        }).WithName("ExportCaseAuditJsonLines").WithSummary("The case's audit trail, one JSON object a line")
            .ProducesFile(CaseAudit.JsonLinesType).Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        cases.MapGet("/audit.csv", async (Guid caseId, HttpContext http, CaseAudit audit) =>
        {
            var (caseNumber, lines) = await audit.Read(http.User.ToActor(), caseId);
            return Results.File(CaseAudit.Csv(lines), CaseAudit.CsvType, $"audit-{caseNumber}.csv");
        }).WithName("ExportCaseAuditCsv").WithSummary("The case's audit trail as CSV")
            .ProducesFile(CaseAudit.CsvType).Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }
}
