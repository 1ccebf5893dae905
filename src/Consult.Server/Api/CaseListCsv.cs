using Consult.Cases;
using Consult.Catalog;
using Consult.Hosting;
using Consult.Server.Ui;

namespace Consult.Server.Api;

/// <summary>A case listing as CSV: one row per case, names in Chinese, the applicant's name as the listing shows it to the reader.</summary>
public static class CaseListCsv
{
    public static readonly string[] Header =
        ["caseNumber", "matter", "matterName", "applicant", "status", "createdAt", "createdLocal", "receivingOfficer", "caseId"];

    /// <summary>Writes the cases to <paramref name="output"/> as they come (see <see cref="CsvFile.WriteAsync{T}"/>).</summary>
    public static Task Write(Stream output, IAsyncEnumerable<CaseSummary> cases, CatalogSnapshot catalog, ConsultCalendar centre, CancellationToken cancellationToken) =>
        CsvFile.WriteAsync(output, Header, cases, c =>
        [
            c.CaseNumber,
            c.MatterCode,
            catalog.Matters.FirstOrDefault(m => m.Code == c.MatterCode)?.Name.Zh ?? c.MatterCode,
            c.ApplicantName,
            System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(c.Status.ToString()),
            CsvFile.Time(c.CreatedAt),
            c.CreatedAt.ToCentre(centre).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            c.ReceivingOfficer,
            c.CaseId.ToString(),
        ], cancellationToken);
}
