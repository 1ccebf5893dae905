using System.Collections.Immutable;
using Consult.Cases;
using Microsoft.Extensions.Localization;

namespace Consult.Server.Ui;

/// <summary>A timeline entry's detail as a person reads it: outcomes and stages by name, not by code.</summary>
public static class TimelineText
{
    public static string? Detail(string type, string? detail, ImmutableArray<CaseStageView> stages, IStringLocalizer localizer) => type switch
    {
        _ when detail is null => null,
        // The matter's code: the page names the matter already.
        TimelineTypes.Registered => null,
        TimelineTypes.ConsultationClosed => localizer[$"Joint_{detail}"],
        TimelineTypes.StageStarted => stages.IsDefaultOrEmpty ? detail
            : stages.FirstOrDefault(s => s.Code == detail)?.Name.For(System.Globalization.CultureInfo.CurrentUICulture) ?? detail,
        TimelineTypes.StatutoryResumed => Resumed(detail, localizer),
        // The score, as the applicant chose it: "2 · 不满意".
        TimelineTypes.Rated => $"{detail} · {localizer[$"Rating_Score_{detail}"]}",
        _ => detail,
    };

    /// <summary>"3 · note" as stored: the working days not counted, then the note.</summary>
    private static string Resumed(string detail, IStringLocalizer localizer)
    {
        var parts = detail.Split(" · ", 2);
        return int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var days)
            ? localizer["Statutory_PausedDays", days] + (parts.Length > 1 ? " · " + parts[1] : "")
            : detail;
    }
}
