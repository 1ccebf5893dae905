using System.Globalization;
using Consult.Catalog;

namespace Consult.Server.Ui;

/// <summary>Catalogue names in the reader's language (zh-CN unless English was chosen).</summary>
public static class CatalogText
{
    public static string DepartmentName(this CatalogSnapshot? catalog, string code) =>
        catalog?.Departments.FirstOrDefault(d => d.Code == code)?.Name.For(CultureInfo.CurrentUICulture) ?? code;

    public static string MatterName(this CatalogSnapshot? catalog, string code) =>
        catalog?.Matters.FirstOrDefault(m => m.Code == code)?.Name.For(CultureInfo.CurrentUICulture) ?? code;

    public static Matter? Matter(this CatalogSnapshot? catalog, string code) =>
        catalog?.Matters.FirstOrDefault(m => m.Code == code);
}
