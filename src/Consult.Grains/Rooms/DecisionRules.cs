using System.Collections.Immutable;
using System.Text.Json;
using Consult.Common;

namespace Consult.Rooms;

/// <summary>
/// What a decision must carry to be recorded, and whether a resent one is the decision recorded
/// under its key. Pure: the room calls it, and it is tested without a cluster.
/// </summary>
public static class DecisionRules
{
    public const int MaxTextLength = 2000;
    public const int MaxConditions = 50;

    /// <summary>The conditions to record (trimmed, empty ones dropped), or a refusal saying what is missing or too long.</summary>
    public static ImmutableArray<string> Validate(DecisionInput input)
    {
        if (!Enum.IsDefined(input.Outcome))
            throw ConsultException.InvalidInput("Unknown outcome.");
        if (input.Outcome == DecisionOutcome.DeemedConsent)
            throw ConsultException.InvalidInput("deemedConsent is recorded by the room at its deadline, never sent.");
        if (!string.IsNullOrWhiteSpace(input.Comment))
            TextRules.Require(input.Comment, "comment", MaxTextLength, multiline: true);
        else if (input.Comment is { Length: > MaxTextLength })
            throw ConsultException.InvalidInput($"comment is at most {MaxTextLength} characters.");
        var conditions = TrimmedConditions(input);
        if (conditions.Length > MaxConditions)
            throw ConsultException.InvalidInput($"At most {MaxConditions} conditions of at most {MaxTextLength} characters each.");
        foreach (var condition in conditions)
            TextRules.Require(condition, "conditions[]", MaxTextLength, multiline: true);

        switch (input.Outcome)
        {
            case DecisionOutcome.ApproveWithConditions when conditions.IsEmpty:
                throw ConsultException.InvalidInput("approveWithConditions needs at least one condition.");
            case DecisionOutcome.Reject when string.IsNullOrWhiteSpace(input.Comment):
                throw ConsultException.InvalidInput("reject needs a reason (the legal basis) in comment.");
            case DecisionOutcome.RequestSupplement when string.IsNullOrWhiteSpace(input.Comment):
                throw ConsultException.InvalidInput("requestSupplement needs a comment saying what is missing.");
            case DecisionOutcome.Recuse when string.IsNullOrWhiteSpace(input.Comment):
                throw ConsultException.InvalidInput("recuse needs a reason in comment.");
        }

        return input.Outcome == DecisionOutcome.ApproveWithConditions ? conditions : [];
    }

    /// <summary>Whether a resent decision is the one recorded under its key (compared as recorded: trimmed).</summary>
    public static bool SameDecision(RoomEvent decisionCast, DecisionInput input)
    {
        var recorded = Recorded(decisionCast);
        var conditions = input.Outcome == DecisionOutcome.ApproveWithConditions ? TrimmedConditions(input) : [];
        return recorded.Department == input.Department
            && recorded.Outcome == input.Outcome
            && (recorded.Comment ?? "") == (input.Comment?.Trim() ?? "")
            && (recorded.Conditions.IsDefault ? [] : recorded.Conditions).SequenceEqual(conditions)
            && recorded.OnBehalf == input.OnBehalf;
    }

    /// <summary>The department a recorded decision is for.</summary>
    public static string DepartmentOf(RoomEvent decisionCast) => Recorded(decisionCast).Department;

    // Read leniently (only what the comparison needs), so a decision stored by any earlier version compares.
    private static RecordedDecision Recorded(RoomEvent decisionCast) =>
        JsonSerializer.Deserialize<RecordedDecision>(decisionCast.Payload, ConsultJson.Options)
        ?? throw new JsonException($"Event {decisionCast.Seq} of room {decisionCast.RoomId} has an empty payload.");

    private sealed record RecordedDecision(string Department, DecisionOutcome Outcome, string? Comment, ImmutableArray<string> Conditions, bool OnBehalf);

    /// <summary>The conditions as they are recorded: trimmed, empty ones dropped.</summary>
    private static ImmutableArray<string> TrimmedConditions(DecisionInput input) =>
        input.Conditions is { IsDefault: false } given ? [.. given.Select(c => c?.Trim() ?? "").Where(c => c.Length > 0)] : [];
}
