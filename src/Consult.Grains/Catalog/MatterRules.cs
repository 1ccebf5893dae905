using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Consult.Common;
using Consult.Rooms;

namespace Consult.Catalog;

/// <summary>
/// What a matter must be before the catalogue holds it, whether shipped or saved by an
/// administrator: known, active departments, each once, at least one that decides, positive
/// limits, names and texts that can be shown. Pure; a refusal is <c>invalid_input</c> naming the field.
/// </summary>
public static partial class MatterRules
{
    public const int MaxNameLength = 100;
    public const int MaxMaterials = 40;
    public const int MaxMaterialLength = 200;
    public const int MaxLegalBasisLength = 2000;
    public const int MaxNoteLength = 200;
    public const int MaxStages = 10;

    /// <summary>A year of minutes: a room's limit beyond it is a typing error.</summary>
    public const int MaxTimeLimitMinutes = 366 * 24 * 60;

    /// <summary>The statutory limit with every extension is far below this (行政许可法 Art. 42: 20 + 10).</summary>
    public const int MaxWorkingDays = 250;

    public static bool IsCode(string? code) => code is not null && CodePattern().IsMatch(code);

    /// <summary>Refuses <paramref name="matter"/> with <c>invalid_input</c> unless the catalogue <paramref name="departments"/> can hold it.</summary>
    public static void Validate(Matter matter, IReadOnlyCollection<Department> departments)
    {
        if (!IsCode(matter.Code))
            throw ConsultException.InvalidInput("code must be 2 to 40 lower-case letters, digits or '-', starting with a letter.");
        RequireName(matter.Name, "name");
        if (!Enum.IsDefined(matter.Rule))
            throw ConsultException.InvalidInput("rule must be unanimous, majority or anyOne.");
        RequireSeats(matter.Departments, "departments", departments, needsRequired: !matter.IsStaged);
        if (matter.TimeLimitMinutes is <= 0 or > MaxTimeLimitMinutes)
            throw ConsultException.InvalidInput($"timeLimitMinutes must be between 1 and {MaxTimeLimitMinutes}.");
        if (matter.LegalLimitWorkingDays is <= 0 or > MaxWorkingDays)
            throw ConsultException.InvalidInput($"legalLimitWorkingDays must be between 1 and {MaxWorkingDays}.");
        RequireMaterials(matter.Materials);
        TextRules.Require(matter.LegalBasis, "legalBasis", MaxLegalBasisLength, required: false, multiline: true);
        RequireLegacy(matter.Legacy);
        if (matter.IsStaged)
            RequireStages(matter, departments);
    }

    private static void RequireSeats(ImmutableArray<DefaultSeat> seats, string field, IReadOnlyCollection<Department> departments, bool needsRequired)
    {
        if (seats.IsDefaultOrEmpty)
            throw ConsultException.InvalidInput($"{field} must name at least one department.");
        foreach (var seat in seats)
        {
            if (seat is null || string.IsNullOrEmpty(seat.Department))
                throw ConsultException.InvalidInput($"{field}: every seat names its department.");
            var department = departments.FirstOrDefault(d => d.Code == seat.Department)
                ?? throw ConsultException.InvalidInput($"{field}: unknown department '{seat.Department}'.");
            if (department.Retired)
                throw ConsultException.InvalidInput($"{field}: '{seat.Department}' is retired and cannot be invited.");
            if (!Enum.IsDefined(seat.Role))
                throw ConsultException.InvalidInput($"{field}: the role of '{seat.Department}' must be required, advisory or notify.");
            // A copied department decides nothing, so there is nothing to presume from its silence.
            if (seat.DeemedConsentOnTimeout && seat.Role == SeatRole.Notify)
                throw ConsultException.InvalidInput($"{field}: '{seat.Department}' is only notified; deemedConsentOnTimeout needs a seat that decides.");
        }

        if (seats.Select(s => s.Department).Distinct(StringComparer.Ordinal).Count() != seats.Length)
            throw ConsultException.InvalidInput($"{field}: a department is listed twice.");
        if (needsRequired && !seats.Any(s => s.Role == SeatRole.Required))
            throw ConsultException.InvalidInput($"{field}: at least one department must be required, otherwise nobody decides.");
    }

    private static void RequireStages(Matter matter, IReadOnlyCollection<Department> departments)
    {
        if (matter.Stages.Length > MaxStages)
            throw ConsultException.InvalidInput($"A matter has at most {MaxStages} stages.");
        foreach (var (stage, i) in matter.Stages.Select((s, i) => (s, i)))
        {
            var field = $"stages[{i}]";
            if (stage is null || !IsCode(stage.Code))
                throw ConsultException.InvalidInput($"{field}.code must be 2 to 40 lower-case letters, digits or '-', starting with a letter.");
            RequireName(stage.Name, $"{field}.name");
            if (!Enum.IsDefined(stage.Rule))
                throw ConsultException.InvalidInput($"{field}.rule must be unanimous, majority or anyOne.");
            RequireSeats(stage.Departments, $"{field}.departments", departments, needsRequired: true);
            if (stage.LimitWorkingDays is <= 0 or > MaxWorkingDays)
                throw ConsultException.InvalidInput($"{field}.limitWorkingDays must be between 1 and {MaxWorkingDays}, or none.");
            if (stage.Departments.FirstOrDefault(s => !matter.Departments.Any(d => d.Department == s.Department)) is { } stray)
                throw ConsultException.InvalidInput($"{field}: '{stray.Department}' is not among the matter's departments.");
        }

        if (matter.Stages.Select(s => s.Code).Distinct(StringComparer.Ordinal).Count() != matter.Stages.Length)
            throw ConsultException.InvalidInput("stages: a stage code is used twice.");
    }

    private static void RequireMaterials(ImmutableArray<LocalizedText> materials)
    {
        if (materials.IsDefault)
            throw ConsultException.InvalidInput("materials is required (it may be empty).");
        if (materials.Length > MaxMaterials)
            throw ConsultException.InvalidInput($"A matter lists at most {MaxMaterials} materials.");
        foreach (var (material, i) in materials.Select((m, i) => (m, i)))
            RequireText(material, $"materials[{i}]", MaxMaterialLength);
        if (materials.Select(m => m.Zh.Trim()).Distinct(StringComparer.Ordinal).Count() != materials.Length)
            throw ConsultException.InvalidInput("materials: a material is listed twice.");
    }

    private static void RequireLegacy(LegacyProcess? legacy)
    {
        if (legacy is null)
            throw ConsultException.InvalidInput("legacy is required: how the matter was processed before (departments, and minutes or working days).");
        if (legacy.Departments is <= 0 or > 100)
            throw ConsultException.InvalidInput("legacy.departments must be between 1 and 100.");
        if (legacy.Minutes is < 0 or > 10 * MaxTimeLimitMinutes)
            throw ConsultException.InvalidInput("legacy.minutes must be 0 or more, and within ten years.");
        if (legacy.WorkingDays is <= 0 or > 10 * MaxWorkingDays)
            throw ConsultException.InvalidInput($"legacy.workingDays must be between 1 and {10 * MaxWorkingDays}, or none.");
        if (legacy.Minutes == 0 && legacy.WorkingDays is null)
            throw ConsultException.InvalidInput("legacy needs its time: minutes, or working days.");
        TextRules.Require(legacy.Note, "legacy.note", MaxNoteLength, required: false);
    }

    private static void RequireName(LocalizedText? name, string field) => RequireText(name, field, MaxNameLength);

    private static void RequireText(LocalizedText? text, string field, int maxLength)
    {
        if (text is null)
            throw ConsultException.InvalidInput($"{field} is required (zh and en).");
        TextRules.Require(text.Zh, $"{field}.zh", maxLength);
        TextRules.Require(text.En, $"{field}.en", maxLength);
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{1,39}$")]
    private static partial Regex CodePattern();
}
