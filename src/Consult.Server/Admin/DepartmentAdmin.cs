using System.Text.RegularExpressions;
using Consult.Catalog;
using Consult.Common;

namespace Consult.Server.Admin;

/// <summary>
/// The administrators' departments: add one, rename one, retire one (it can no longer be invited
/// or given people; its rooms, decisions and records keep its name). Each change is audited.
/// </summary>
public sealed partial class DepartmentAdmin(IGrainFactory grains, AdminAudit audit, Caching.CachedReads cache)
{
    private ICatalogGrain Catalog => grains.GetGrain<ICatalogGrain>(0);

    public async Task<Department> Add(Actor actor, string? code, string? zh, string? en)
    {
        RequireAdmin(actor);
        code = code?.Trim() ?? "";
        if (!CodePattern().IsMatch(code))
            throw ConsultException.InvalidInput("code must be 2 to 40 lower-case letters, digits or '-', starting with a letter.");
        var name = Name(zh, en);
        if ((await Catalog.Get()).Departments.Any(d => d.Code == code))
            throw ConsultException.Conflict($"Department '{code}' exists already.");
        var added = new Department(code, name);
        await Put(added);
        await audit.Record(actor, AdminAudit.Departments, code, "create", null, added);
        return added;
    }

    public async Task<Department> Rename(Actor actor, string code, string? zh, string? en)
    {
        RequireAdmin(actor);
        var before = await Existing(code);
        var renamed = before with { Name = Name(zh, en) };
        await Put(renamed);
        await audit.Record(actor, AdminAudit.Departments, code, "edit", before, renamed);
        return renamed;
    }

    public async Task<Department> Retire(Actor actor, string code)
    {
        RequireAdmin(actor);
        var before = await Existing(code);
        if (before.Retired)
            return before;
        var retired = before with { Retired = true };
        await Put(retired);
        await audit.Record(actor, AdminAudit.Departments, code, "retire", before, retired);
        return retired;
    }

    private async Task Put(Department department)
    {
        await Catalog.PutDepartment(department);
        await cache.ForgetDepartments();
    }

    private async Task<Department> Existing(string code) =>
        (await Catalog.Get()).Departments.FirstOrDefault(d => d.Code == code) ?? throw ConsultException.NotFound($"No department '{code}'.");

    private static LocalizedText Name(string? zh, string? en)
    {
        TextRules.Require(zh, "name.zh", 60);
        TextRules.Require(en, "name.en", 60);
        return new LocalizedText(zh!.Trim(), en!.Trim());
    }

    private static void RequireAdmin(Actor actor)
    {
        if (!actor.IsAdmin)
            throw ConsultException.Forbidden("Only administrators manage departments.");
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{1,39}$")]
    private static partial Regex CodePattern();
}
