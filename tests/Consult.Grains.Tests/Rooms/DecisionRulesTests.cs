using Consult.Common;
using Consult.Rooms;
using Consult.Rooms.Events;

namespace Consult.Grains.Tests.Rooms;

/// <summary>The decision rules, without a cluster.</summary>
public sealed class DecisionRulesTests
{
    [Theory]
    [InlineData(DecisionOutcome.ApproveWithConditions, null)]
    [InlineData(DecisionOutcome.Reject, null)]
    [InlineData(DecisionOutcome.Reject, "   ")]
    [InlineData(DecisionOutcome.RequestSupplement, null)]
    [InlineData(DecisionOutcome.Recuse, "")]
    [InlineData((DecisionOutcome)42, "x")]
    public void AnOutcomeWithoutWhatItNeedsIsInvalid(DecisionOutcome outcome, string? comment)
    {
        var refused = Assert.Throws<ConsultException>(() => DecisionRules.Validate(new DecisionInput("road-admin", outcome, "k", comment)));
        Assert.Equal(ErrorCodes.InvalidInput, refused.Code);
    }

    [Fact]
    public void ConditionsAreTrimmedEmptyOnesDroppedAndKeptOnlyForAConditionalApproval()
    {
        Assert.Equal(["夜间施工", "设置警示"], DecisionRules.Validate(new DecisionInput("road-admin", DecisionOutcome.ApproveWithConditions, "k", null, [" 夜间施工 ", "", "  ", "设置警示"])).ToArray());
        Assert.Empty(DecisionRules.Validate(new DecisionInput("road-admin", DecisionOutcome.Approve, "k", null, ["ignored"])));
    }

    [Fact]
    public void TooManyOrTooLongConditionsAreInvalid()
    {
        Assert.Throws<ConsultException>(() => DecisionRules.Validate(new DecisionInput("d", DecisionOutcome.ApproveWithConditions, "k", null, [.. Enumerable.Range(0, DecisionRules.MaxConditions + 1).Select(i => $"c{i}")])));
        Assert.Throws<ConsultException>(() => DecisionRules.Validate(new DecisionInput("d", DecisionOutcome.ApproveWithConditions, "k", null, [new string('字', DecisionRules.MaxTextLength + 1)])));
        Assert.Throws<ConsultException>(() => DecisionRules.Validate(new DecisionInput("d", DecisionOutcome.Approve, "k", new string(' ', DecisionRules.MaxTextLength + 1))));
    }

    [Fact]
    public void AResentDecisionIsTheSameAsRecordedOnlyIfEverythingThatWasRecordedMatches()
    {
        var input = new DecisionInput("road-admin", DecisionOutcome.ApproveWithConditions, "k", " 同意 ", [" 夜间施工 "]);
        var recorded = Recorded(new DecisionCast("road-admin", DecisionOutcome.ApproveWithConditions, "同意", ["夜间施工"], 1, false, SeatStatus.Decided, JointOutcome.Pending));

        Assert.True(DecisionRules.SameDecision(recorded, input));
        Assert.False(DecisionRules.SameDecision(recorded, input with { Department = "housing" }));
        Assert.False(DecisionRules.SameDecision(recorded, input with { Outcome = DecisionOutcome.Approve }));
        Assert.False(DecisionRules.SameDecision(recorded, input with { Comment = "另一理由" }));
        Assert.False(DecisionRules.SameDecision(recorded, input with { Conditions = ["夜间施工", "另一条"] }));
        Assert.False(DecisionRules.SameDecision(recorded, input with { OnBehalf = true }));
        Assert.Equal("road-admin", DecisionRules.DepartmentOf(recorded));
    }

    [Fact]
    public void ADecisionStoredWithoutTheFieldsAddedLaterStillCompares()
    {
        // Only what the comparison needs is read: a payload without revision, status or joint outcome.
        var recorded = new RoomEvent(Guid.NewGuid(), 3, DateTimeOffset.UnixEpoch, "housing", RoomEventTypes.DecisionCast,
            """{"department":"housing","outcome":"approve","comment":null,"conditions":[],"onBehalf":false}""");
        Assert.True(DecisionRules.SameDecision(recorded, new DecisionInput("housing", DecisionOutcome.Approve, "k")));
    }

    private static RoomEvent Recorded(DecisionCast cast) =>
        new(Guid.NewGuid(), 2, DateTimeOffset.UnixEpoch, "road-admin", RoomEventTypes.DecisionCast, RoomEventPayloads.Write(cast));
}
