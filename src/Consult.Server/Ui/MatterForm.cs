using System.Collections.Immutable;
using Consult.Catalog;
using Consult.Common;
using Consult.Rooms;

namespace Consult.Server.Ui;

/// <summary>
/// A matter as the editor holds it while the administrator changes it. Stages are kept as they
/// are (the API edits them); the catalogue's rules judge the result when it is saved.
/// </summary>
public sealed class MatterForm
{
    public string Code { get; set; } = "";
    public int BaseVersion { get; private init; }
    public string? NameZh { get; set; }
    public string? NameEn { get; set; }
    public List<SeatRow> Seats { get; } = [];
    public JointRuleKind Rule { get; set; } = JointRuleKind.Unanimous;
    public int TimeLimitMinutes { get; set; } = 180;
    public int LegalLimitWorkingDays { get; set; } = 20;
    public List<MaterialRow> Materials { get; } = [];
    public string? LegalBasis { get; set; }
    public int LegacyDepartments { get; set; } = 1;
    public int LegacyMinutes { get; set; }
    public int? LegacyWorkingDays { get; set; }
    public string? LegacyNote { get; set; }
    public ImmutableArray<MatterStage> Stages { get; private init; } = [];

    public bool IsNew => BaseVersion == 0;

    public static MatterForm New() => new() { Seats = { new SeatRow { Role = SeatRole.Required } }, Materials = { new MaterialRow() } };

    public static MatterForm From(Matter matter)
    {
        var form = new MatterForm
        {
            Code = matter.Code,
            BaseVersion = matter.Version,
            NameZh = matter.Name.Zh,
            NameEn = matter.Name.En,
            Rule = matter.Rule,
            TimeLimitMinutes = matter.TimeLimitMinutes,
            LegalLimitWorkingDays = matter.LegalLimitWorkingDays,
            LegalBasis = matter.LegalBasis,
            LegacyDepartments = matter.Legacy.Departments,
            LegacyMinutes = matter.Legacy.Minutes,
            LegacyWorkingDays = matter.Legacy.WorkingDays,
            LegacyNote = matter.Legacy.Note,
            Stages = matter.Stages.IsDefault ? [] : matter.Stages,
        };
        form.Seats.AddRange(matter.Departments.Select(s => new SeatRow { Department = s.Department, Role = s.Role, DeemedConsentOnTimeout = s.DeemedConsentOnTimeout }));
        form.Materials.AddRange(matter.Materials.Select(m => new MaterialRow { Zh = m.Zh, En = m.En }));
        return form;
    }

    public Matter ToMatter() => new(
        Code.Trim(),
        new LocalizedText(NameZh?.Trim() ?? "", NameEn?.Trim() ?? ""),
        [.. Seats.Select(s => new DefaultSeat(s.Department ?? "", s.Role, s.DeemedConsentOnTimeout && s.Role != SeatRole.Notify))],
        Rule,
        TimeLimitMinutes,
        // A row left empty is no material: the editor offers one blank row to fill in.
        [.. Materials.Where(m => !string.IsNullOrWhiteSpace(m.Zh) || !string.IsNullOrWhiteSpace(m.En)).Select(m => new LocalizedText(m.Zh?.Trim() ?? "", m.En?.Trim() ?? ""))],
        new LegacyProcess(LegacyDepartments, LegacyMinutes, string.IsNullOrWhiteSpace(LegacyNote) ? null : LegacyNote.Trim(), LegacyWorkingDays),
        string.IsNullOrWhiteSpace(LegalBasis) ? null : LegalBasis.Trim(),
        LegalLimitWorkingDays,
        Stages);

    public sealed class SeatRow
    {
        public string? Department { get; set; }
        public SeatRole Role { get; set; } = SeatRole.Required;
        public bool DeemedConsentOnTimeout { get; set; }
    }

    public sealed class MaterialRow
    {
        public string? Zh { get; set; }
        public string? En { get; set; }
    }
}
