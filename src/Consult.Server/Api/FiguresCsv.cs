using System.Globalization;
using Consult.Catalog;
using Consult.Metrics;

namespace Consult.Server.Api;

/// <summary>The rows behind a figure as CSV: UTF-8 with a byte-order mark (Excel opens the Chinese names), one row each.</summary>
public static class FiguresCsv
{
    public static readonly string[] Header =
        ["figure", "caseNumber", "matter", "matterName", "department", "departmentName", "at", "minutes", "detail", "caseId", "roomId"];

    public static byte[] Write(IEnumerable<FigureRow> rows, CatalogSnapshot catalog) =>
        CsvFile.Write(Header, rows, row =>
        [
            row.Figure,
            row.CaseNumber,
            row.MatterCode,
            catalog.Matters.FirstOrDefault(m => m.Code == row.MatterCode)?.Name.Zh ?? row.MatterCode,
            row.Department ?? "",
            row.Department is { } d ? catalog.Departments.FirstOrDefault(x => x.Code == d)?.Name.Zh ?? d : "",
            CsvFile.Time(row.At),
            row.Minutes?.ToString("F2", CultureInfo.InvariantCulture) ?? "",
            row.Detail ?? "",
            row.CaseId?.ToString() ?? "",
            row.RoomId?.ToString() ?? "",
        ]);
}
