using Consult.Catalog;

namespace Consult.Rooms;

/// <summary>
/// The joint outcome the decisions so far imply. Only <see cref="SeatRole.Required"/> seats count;
/// a recused seat counts as absent, a deemed consent (超时默许) as an approval. With no counting seat left the outcome stays pending, so a room
/// whose every required department recused cannot be closed until the convener invites another.
/// </summary>
public static class JointRule
{
    public static JointOutcome Evaluate(JointRuleKind rule, IEnumerable<SeatTally> seats)
    {
        int approvals = 0, conditional = 0, rejects = 0, supplements = 0, undecided = 0;
        foreach (var seat in seats)
        {
            if (seat.Role != SeatRole.Required)
                continue;
            switch (seat.Outcome)
            {
                case null: undecided++; break;
                case DecisionOutcome.Approve or DecisionOutcome.DeemedConsent: approvals++; break;
                case DecisionOutcome.ApproveWithConditions: approvals++; conditional++; break;
                case DecisionOutcome.Reject: rejects++; break;
                case DecisionOutcome.RequestSupplement: supplements++; break;
                case DecisionOutcome.Recuse: break;
            }
        }

        var counted = approvals + rejects + supplements + undecided;
        if (counted == 0)
            return JointOutcome.Pending;
        var approved = conditional > 0 ? JointOutcome.ApprovedWithConditions : JointOutcome.Approved;

        return rule switch
        {
            JointRuleKind.Unanimous =>
                rejects > 0 ? JointOutcome.Rejected
                : supplements > 0 ? JointOutcome.SupplementRequired
                : approvals == counted ? approved
                : JointOutcome.Pending,

            // More than half of the counting seats must approve. While the undecided could still
            // make that majority the outcome is pending; if only the seats asking for a supplement
            // could, the supplement is what stands between the applicant and approval.
            JointRuleKind.Majority =>
                approvals * 2 > counted ? approved
                : (approvals + undecided) * 2 > counted ? JointOutcome.Pending
                : (approvals + undecided + supplements) * 2 > counted ? JointOutcome.SupplementRequired
                : JointOutcome.Rejected,

            JointRuleKind.AnyOne =>
                approvals > 0 ? approved
                : undecided > 0 ? JointOutcome.Pending
                : supplements > 0 ? JointOutcome.SupplementRequired
                : JointOutcome.Rejected,

            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, null),
        };
    }

    /// <summary>
    /// The conditions the joint approval carries, per department, in seat order: those of every
    /// required or advisory seat that approved with conditions.
    /// </summary>
    public static IReadOnlyList<(string Department, IReadOnlyList<string> Conditions)> MergedConditions(IEnumerable<SeatTally> seats) =>
        [.. seats
            .Where(s => s.Outcome == DecisionOutcome.ApproveWithConditions && s.Role != SeatRole.Notify && !s.Conditions.IsDefaultOrEmpty)
            .Select(s => (s.Department, (IReadOnlyList<string>)s.Conditions))];
}
