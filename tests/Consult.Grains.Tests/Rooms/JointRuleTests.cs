using Consult.Catalog;
using Consult.Rooms;

namespace Consult.Grains.Tests.Rooms;

/// <summary>
/// The joint outcome for each rule over a seat list written as
/// <c>role:outcome</c> items: R/A/N = required/advisory/notify; outcome - (undecided), approve,
/// cond (approve with conditions), reject, supp (request supplement), recuse.
/// </summary>
public sealed class JointRuleTests
{
    [Theory]
    // Unanimous: any reject wins, then any supplement, then all approvals.
    [InlineData(JointRuleKind.Unanimous, "R:-,R:-", JointOutcome.Pending)]
    [InlineData(JointRuleKind.Unanimous, "R:approve,R:-", JointOutcome.Pending)]
    [InlineData(JointRuleKind.Unanimous, "R:approve,R:approve", JointOutcome.Approved)]
    [InlineData(JointRuleKind.Unanimous, "R:approve,R:cond", JointOutcome.ApprovedWithConditions)]
    [InlineData(JointRuleKind.Unanimous, "R:approve,R:reject", JointOutcome.Rejected)]
    [InlineData(JointRuleKind.Unanimous, "R:reject,R:-", JointOutcome.Rejected)]
    [InlineData(JointRuleKind.Unanimous, "R:supp,R:reject", JointOutcome.Rejected)]
    [InlineData(JointRuleKind.Unanimous, "R:supp,R:approve", JointOutcome.SupplementRequired)]
    [InlineData(JointRuleKind.Unanimous, "R:supp,R:-", JointOutcome.SupplementRequired)]
    [InlineData(JointRuleKind.Unanimous, "R:approve,R:recuse", JointOutcome.Approved)]
    [InlineData(JointRuleKind.Unanimous, "R:recuse,R:recuse", JointOutcome.Pending)]
    [InlineData(JointRuleKind.Unanimous, "R:approve,A:reject", JointOutcome.Approved)]
    [InlineData(JointRuleKind.Unanimous, "R:approve,A:cond", JointOutcome.Approved)]
    [InlineData(JointRuleKind.Unanimous, "R:approve,A:-", JointOutcome.Approved)]
    [InlineData(JointRuleKind.Unanimous, "R:approve,N:-", JointOutcome.Approved)]
    [InlineData(JointRuleKind.Unanimous, "R:-,A:approve,N:-", JointOutcome.Pending)]
    [InlineData(JointRuleKind.Unanimous, "A:approve,N:-", JointOutcome.Pending)]
    [InlineData(JointRuleKind.Unanimous, "R:cond,R:cond,R:cond", JointOutcome.ApprovedWithConditions)]
    // Majority: more than half of the counting (non-recused required) seats.
    [InlineData(JointRuleKind.Majority, "R:approve,R:approve,R:-", JointOutcome.Approved)]
    [InlineData(JointRuleKind.Majority, "R:approve,R:cond,R:reject", JointOutcome.ApprovedWithConditions)]
    [InlineData(JointRuleKind.Majority, "R:approve,R:-,R:-", JointOutcome.Pending)]
    [InlineData(JointRuleKind.Majority, "R:approve,R:reject,R:-", JointOutcome.Pending)]
    [InlineData(JointRuleKind.Majority, "R:reject,R:reject,R:-", JointOutcome.Rejected)]
    [InlineData(JointRuleKind.Majority, "R:approve,R:reject", JointOutcome.Rejected)]
    [InlineData(JointRuleKind.Majority, "R:approve,R:supp,R:reject", JointOutcome.SupplementRequired)]
    [InlineData(JointRuleKind.Majority, "R:supp,R:supp,R:reject", JointOutcome.SupplementRequired)]
    [InlineData(JointRuleKind.Majority, "R:approve,R:recuse,R:reject", JointOutcome.Rejected)]
    [InlineData(JointRuleKind.Majority, "R:approve,R:recuse,R:recuse", JointOutcome.Approved)]
    [InlineData(JointRuleKind.Majority, "R:approve,A:reject,A:reject,N:-", JointOutcome.Approved)]
    [InlineData(JointRuleKind.Majority, "R:reject,A:approve,A:approve", JointOutcome.Rejected)]
    // AnyOne: one approval suffices; otherwise wait, then supplement, then reject.
    [InlineData(JointRuleKind.AnyOne, "R:approve,R:reject", JointOutcome.Approved)]
    [InlineData(JointRuleKind.AnyOne, "R:reject,R:cond", JointOutcome.ApprovedWithConditions)]
    [InlineData(JointRuleKind.AnyOne, "R:reject,R:-", JointOutcome.Pending)]
    [InlineData(JointRuleKind.AnyOne, "R:reject,R:supp", JointOutcome.SupplementRequired)]
    [InlineData(JointRuleKind.AnyOne, "R:reject,R:reject", JointOutcome.Rejected)]
    [InlineData(JointRuleKind.AnyOne, "R:reject,R:recuse", JointOutcome.Rejected)]
    [InlineData(JointRuleKind.AnyOne, "R:recuse,A:approve", JointOutcome.Pending)]
    [InlineData(JointRuleKind.AnyOne, "R:reject,A:approve,N:-", JointOutcome.Rejected)]
    public void JointOutcomeFollowsTheRuleOverRequiredSeats(JointRuleKind rule, string seats, JointOutcome expected) =>
        Assert.Equal(expected, JointRule.Evaluate(rule, Parse(seats)));

    [Fact]
    public void ARevisedDecisionReplacesTheOldOneInTheOutcome()
    {
        var seats = Parse("R:reject,R:approve");
        Assert.Equal(JointOutcome.Rejected, JointRule.Evaluate(JointRuleKind.Unanimous, seats));
        seats[0] = seats[0] with { Outcome = DecisionOutcome.ApproveWithConditions, Conditions = ["夜间施工"] };
        Assert.Equal(JointOutcome.ApprovedWithConditions, JointRule.Evaluate(JointRuleKind.Unanimous, seats));
        seats[0] = seats[0] with { Outcome = DecisionOutcome.Recuse, Conditions = [] };
        Assert.Equal(JointOutcome.Approved, JointRule.Evaluate(JointRuleKind.Unanimous, seats));
    }

    [Fact]
    public void MergedConditionsListEachDeciderInSeatOrderAndSkipNotifySeats()
    {
        var seats = Parse("R:cond,R:approve,A:cond,N:cond");
        var merged = JointRule.MergedConditions(seats);
        Assert.Equal(["d0", "d2"], merged.Select(m => m.Department));
        Assert.All(merged, m => Assert.Equal(["condition of " + m.Department], m.Conditions));
    }

    private static List<SeatTally> Parse(string seats) =>
        [.. seats.Split(',').Select((item, i) =>
        {
            var parts = item.Split(':');
            var role = parts[0] switch { "R" => SeatRole.Required, "A" => SeatRole.Advisory, _ => SeatRole.Notify };
            DecisionOutcome? outcome = parts[1] switch
            {
                "-" => null,
                "approve" => DecisionOutcome.Approve,
                "cond" => DecisionOutcome.ApproveWithConditions,
                "reject" => DecisionOutcome.Reject,
                "supp" => DecisionOutcome.RequestSupplement,
                "recuse" => DecisionOutcome.Recuse,
                _ => throw new ArgumentException(item),
            };
            var department = $"d{i}";
            return new SeatTally(department, role, outcome, outcome == DecisionOutcome.ApproveWithConditions ? ["condition of " + department] : []);
        })];
}
