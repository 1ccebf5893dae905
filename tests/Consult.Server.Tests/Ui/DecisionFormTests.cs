using Consult.Rooms;
using Consult.Server.Components.Pages.Rooms;

namespace Consult.Server.Tests.Ui;

public sealed class DecisionFormTests
{
    [Fact]
    public void ConditionsAreOnePerLineAndBlankLinesAreDropped()
    {
        var (input, missing) = DecisionForm.Build("traffic-police", DecisionOutcome.ApproveWithConditions, null, "设置警示标志\n\n  专人指挥  \n", onBehalf: false);
        Assert.Null(missing);
        Assert.Equal(["设置警示标志", "专人指挥"], input!.Conditions!.Value.ToArray());
        Assert.False(string.IsNullOrEmpty(input.IdempotencyKey));
    }

    [Theory]
    [InlineData(DecisionOutcome.ApproveWithConditions, null, " \n ", "Decision_NeedConditions")]
    [InlineData(DecisionOutcome.Reject, " ", null, "Decision_NeedReason")]
    [InlineData(DecisionOutcome.RequestSupplement, null, null, "Decision_NeedReason")]
    [InlineData(DecisionOutcome.Recuse, "", null, "Decision_NeedReason")]
    public void AnOutcomeWithoutWhatItRequiresIsNotSent(DecisionOutcome outcome, string? comment, string? conditions, string missingKey)
    {
        var (input, missing) = DecisionForm.Build("road-admin", outcome, comment, conditions, onBehalf: false);
        Assert.Null(input);
        Assert.Equal(missingKey, missing);
    }

    [Fact]
    public void APlainApprovalCarriesNoConditionsAndKeepsTheOnBehalfMark()
    {
        var (input, _) = DecisionForm.Build("road-admin", DecisionOutcome.Approve, " 电话确认 ", "ignored", onBehalf: true);
        Assert.Null(input!.Conditions);
        Assert.Equal("电话确认", input.Comment);
        Assert.True(input.OnBehalf);
    }
}
