using System.Collections.Immutable;
using Consult.Cases;
using Consult.Catalog;
using Consult.Common;
using Consult.Rooms;

namespace Consult.Server.Api;

/// <summary>
/// A matter as an administrator sends it (<c>POST /admin/matters</c> with its <see cref="Code"/>,
/// <c>PUT /admin/matters/{code}</c> with the <see cref="BaseVersion"/> the edit started from). The
/// whole matter is sent; only <see cref="Stages"/> may be left out of an edit, which keeps the matter's stages.
/// A seat is a <see cref="SeatRequest"/> as when opening a consultation (the role is <c>required</c> when left out).
/// </summary>
public sealed record MatterRequest(
    int? BaseVersion = null,
    string? Code = null,
    TextPair? Name = null,
    ImmutableArray<SeatRequest>? Departments = null,
    JointRuleKind? Rule = null,
    int? TimeLimitMinutes = null,
    int? LegalLimitWorkingDays = null,
    ImmutableArray<TextPair>? Materials = null,
    string? LegalBasis = null,
    LegacyRequest? Legacy = null,
    ImmutableArray<StageRequest>? Stages = null)
{
    /// <summary>The matter asked for; what is missing stays missing, for the catalogue's rules to refuse by name.</summary>
    public Matter ToMatter(ImmutableArray<MatterStage> keptStages = default) => new(
        Code?.Trim() ?? "",
        Text(Name),
        Seats(Departments),
        Rule ?? JointRuleKind.Unanimous,
        TimeLimitMinutes ?? 0,
        Materials is { } materials ? [.. materials.Select(Text)] : default,
        Legacy is { } legacy ? new LegacyProcess(legacy.Departments ?? 0, legacy.Minutes ?? 0, Blank(legacy.Note), legacy.WorkingDays) : null!,
        Blank(LegalBasis),
        LegalLimitWorkingDays ?? 0,
        Stages is { } stages
            ? [.. stages.Select(s => new MatterStage(s.Code?.Trim() ?? "", Text(s.Name), Seats(s.Departments), s.Rule ?? JointRuleKind.Unanimous, s.LimitWorkingDays))]
            : keptStages.IsDefault ? [] : keptStages);

    private static ImmutableArray<DefaultSeat> Seats(ImmutableArray<SeatRequest>? seats) =>
        seats is { } given
            ? [.. given.Select(s => new DefaultSeat(s.Department?.Trim() ?? "", s.Role ?? SeatRole.Required, s.DeemedConsentOnTimeout ?? false))]
            : default;

    private static LocalizedText Text(TextPair? text) => text is null ? null! : new LocalizedText(text.Zh?.Trim() ?? "", text.En?.Trim() ?? "");

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>A text in Chinese and English.</summary>
public sealed record TextPair(string? Zh = null, string? En = null);

/// <summary>The legacy process, for the speed-up figure: its departments, and its time in minutes or working days (or both).</summary>
public sealed record LegacyRequest(int? Departments = null, int? Minutes = null, int? WorkingDays = null, string? Note = null);

/// <summary>One stage of a staged matter.</summary>
public sealed record StageRequest(string? Code = null, TextPair? Name = null, ImmutableArray<SeatRequest>? Departments = null, JointRuleKind? Rule = null, int? LimitWorkingDays = null);
