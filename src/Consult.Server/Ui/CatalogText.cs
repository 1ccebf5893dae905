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

    /// <summary>A material's name in the reader's language: the matter's required material it is (stored by its zh-CN name), else as named.</summary>
    public static string MaterialName(this CatalogSnapshot? catalog, string matterCode, string name) =>
        catalog.Matter(matterCode)?.Materials.FirstOrDefault(m => m.Zh == name)?.For(CultureInfo.CurrentUICulture) ?? name;

    public static Matter? Matter(this CatalogSnapshot? catalog, string code) =>
        catalog?.Matters.FirstOrDefault(m => m.Code == code);
}
