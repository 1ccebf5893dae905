using Consult.Rooms;

namespace Consult.Server.Ui;

/// <summary>
/// The statement the close dialog proposes, from the outcome the votes imply: an approval with
/// each department's conditions; a rejection with each rejecting department's reason (its legal
/// basis); a supplement request as one list of everything every department asked for, by
/// department (行政许可法 Art. 32: told once, all together). Pure, so it is tested in both languages.
/// </summary>
public static class StatementDraft
{
    /// <param name="Outcome">The opening sentence for the outcome (<c>Statement_{outcome}</c>).</param>
    /// <param name="Conditions">Heads the conditions of an approval.</param>
    /// <param name="Reasons">Heads the reasons of a rejection.</param>
    /// <param name="Advisory">Marks the opinion of an advisory seat, which does not decide.</param>
    public sealed record Texts(string Outcome, string Conditions, string Reasons, string Advisory);

    public static string Draft(RoomSnapshot room, Func<string, string> departmentName, Texts texts)
    {
        var items = room.JointOutcome switch
        {
            JointOutcome.ApprovedWithConditions => Items(room, DecisionOutcome.ApproveWithConditions, departmentName, texts, d => d.Conditions.IsDefault ? [] : d.Conditions),
            JointOutcome.Rejected => Items(room, DecisionOutcome.Reject, departmentName, texts, d => [d.Comment ?? ""]),
            JointOutcome.SupplementRequired => Items(room, DecisionOutcome.RequestSupplement, departmentName, texts, d => Lines(d.Comment)),
            _ => [],
        };
        var heading = room.JointOutcome switch
        {
            JointOutcome.ApprovedWithConditions => texts.Conditions,
            JointOutcome.Rejected => texts.Reasons,
            _ => null,
        };
        if (items.Count == 0)
            return texts.Outcome;
        var list = string.Join("\n", items.Select((item, i) => $"{i + 1}. {item}"));
        return heading is null ? $"{texts.Outcome}\n{list}" : $"{texts.Outcome}\n{heading}\n{list}";
    }

    /// <summary>The resource key of the close button's label: it names the outcome the convener confirms.</summary>
    public static string CloseButtonKey(JointOutcome outcome) => $"Board_CloseButton_{outcome}";

    // Required seats first (they decide), then advisory ones, each in the room's order; notify seats say nothing.
    private static List<string> Items(RoomSnapshot room, DecisionOutcome outcome, Func<string, string> departmentName, Texts texts, Func<DecisionView, IEnumerable<string>> said) =>
        [.. room.Seats
            .Where(s => s.Role != SeatRole.Notify && s.Decision?.Outcome == outcome)
            .OrderBy(s => s.Role == SeatRole.Required ? 0 : 1)
            .SelectMany(s => said(s.Decision!)
                .Where(text => !string.IsNullOrWhiteSpace(text))
                .Select(text => $"{departmentName(s.Department)}{(s.Role == SeatRole.Advisory ? texts.Advisory : "")}：{text.Trim()}"))];

    // A department may list what it asks for one item per line: each line is an item of the one list.
    private static IEnumerable<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
