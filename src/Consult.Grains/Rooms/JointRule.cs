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
        var tally = new Tally();
        foreach (var seat in seats)
            tally.Add(seat.Role, seat.Outcome);
        return tally.Outcome(rule);
    }

    /// <summary>The same over a room's seats as stored (no tally per seat: the room evaluates at every decision).</summary>
    public static JointOutcome Evaluate(JointRuleKind rule, List<SeatState> seats)
    {
        var tally = new Tally();
        foreach (var seat in seats)
            tally.Add(seat.Role, seat.Decision?.Outcome);
        return tally.Outcome(rule);
    }

    private struct Tally
    {
        private int _approvals, _conditional, _rejects, _supplements, _undecided;

        public void Add(SeatRole role, DecisionOutcome? outcome)
        {
            if (role != SeatRole.Required)
                return;
            switch (outcome)
            {
                case null: _undecided++; break;
                case DecisionOutcome.Approve or DecisionOutcome.DeemedConsent: _approvals++; break;
                case DecisionOutcome.ApproveWithConditions: _approvals++; _conditional++; break;
                case DecisionOutcome.Reject: _rejects++; break;
                case DecisionOutcome.RequestSupplement: _supplements++; break;
                case DecisionOutcome.Recuse: break;
            }
        }

        public readonly JointOutcome Outcome(JointRuleKind rule)
        {
            var counted = _approvals + _rejects + _supplements + _undecided;
            if (counted == 0)
                return JointOutcome.Pending;
            var approved = _conditional > 0 ? JointOutcome.ApprovedWithConditions : JointOutcome.Approved;

            return rule switch
            {
                JointRuleKind.Unanimous =>
                    _rejects > 0 ? JointOutcome.Rejected
                    : _supplements > 0 ? JointOutcome.SupplementRequired
                    : _approvals == counted ? approved
                    : JointOutcome.Pending,

                // More than half of the counting seats must approve. While the undecided could still
                // make that majority the outcome is pending; if only the seats asking for a supplement
                // could, the supplement is what stands between the applicant and approval.
                JointRuleKind.Majority =>
                    _approvals * 2 > counted ? approved
                    : (_approvals + _undecided) * 2 > counted ? JointOutcome.Pending
                    : (_approvals + _undecided + _supplements) * 2 > counted ? JointOutcome.SupplementRequired
                    : JointOutcome.Rejected,

                JointRuleKind.AnyOne =>
                    _approvals > 0 ? approved
                    : _undecided > 0 ? JointOutcome.Pending
                    : _supplements > 0 ? JointOutcome.SupplementRequired
                    : JointOutcome.Rejected,

                _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, null),
            };
        }
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
