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
        TimelineTypes.ConsultationClosed => localizer[$"Joint_{detail}"],
        TimelineTypes.StageStarted => stages.IsDefaultOrEmpty ? detail
            : stages.FirstOrDefault(s => s.Code == detail)?.Name.For(System.Globalization.CultureInfo.CurrentUICulture) ?? detail,
        _ => detail,
    };
}
