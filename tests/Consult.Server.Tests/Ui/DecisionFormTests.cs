using Bunit;
using Consult.Rooms;
using Consult.Server.Components.Pages.Rooms;
using Consult.Server.Ui;

namespace Consult.Server.Tests.Ui;

/// <summary>The decision form: what it sends for each outcome, and what a person sees in both languages.</summary>
public sealed class DecisionFormTests : ComponentTests
{
    [Fact]
    public void ConditionsAreOneALineAndBlankLinesAreDropped()
    {
        var (input, missing) = DecisionForm.Build("traffic-police", DecisionOutcome.ApproveWithConditions, null, ["设置警示标志", "", "  专人指挥  ", null], onBehalf: false);
        Assert.Null(missing);
        Assert.Equal(["设置警示标志", "专人指挥"], input!.Conditions!.Value.ToArray());
        Assert.False(string.IsNullOrEmpty(input.IdempotencyKey));
    }

    [Theory]
    [InlineData(null, null, "Decision_NeedOutcome")]
    [InlineData(DecisionOutcome.ApproveWithConditions, null, "Decision_NeedConditions")]
    [InlineData(DecisionOutcome.Reject, " ", "Decision_NeedReason")]
    [InlineData(DecisionOutcome.RequestSupplement, null, "Decision_NeedReason")]
    [InlineData(DecisionOutcome.Recuse, "", "Decision_NeedReason")]
    public void AnOutcomeWithoutWhatItRequiresIsNotSent(DecisionOutcome? outcome, string? comment, string missingKey)
    {
        var (input, missing) = DecisionForm.Build("road-admin", outcome, comment, [" ", ""], onBehalf: false);
        Assert.Null(input);
        Assert.Equal(missingKey, missing);
    }

    [Fact]
    public void APlainApprovalCarriesNoConditionsAndKeepsTheOnBehalfMark()
    {
        var (input, _) = DecisionForm.Build("road-admin", DecisionOutcome.Approve, " 电话确认 ", ["ignored"], onBehalf: true);
        Assert.Null(input!.Conditions);
        Assert.Equal("电话确认", input.Comment);
        Assert.True(input.OnBehalf);
    }

    [Fact]
    public void TheFormsReasonRuleIsTheRoomsRule()
    {
        // What the form asks a reason for is exactly what the room refuses without one.
        foreach (var outcome in DecisionForm.Choices)
        {
            var refused = Record.Exception(() => DecisionRules.Validate(new DecisionInput("road-admin", outcome, "k", null, outcome == DecisionOutcome.ApproveWithConditions ? ["c"] : null)));
            Assert.Equal(refused is not null, DecisionForm.NeedsReason(outcome));
        }

        Assert.DoesNotContain(DecisionOutcome.DeemedConsent, DecisionForm.Choices);
    }

    [Theory]
    [InlineData("zh-CN", "不同意", "不同意的理由", "请填写理由（不予许可须写明法律依据）")]
    [InlineData("en", "Reject", "Reason for rejecting", "Give the reason (for a rejection, the legal basis)")]
    public void NothingIsChosenAtFirstAndARejectionAsksForItsReason(string culture, string reject, string reasonLabel, string needReason)
    {
        using var _ = Culture(culture);
        var sent = new List<DecisionInput>();
        var form = Render(sent);

        Assert.All(form.FindAll("[data-testid^=outcome-]"), b => Assert.Equal("false", b.GetAttribute("aria-pressed")));
        Assert.DoesNotContain("DeemedConsent", form.Markup, StringComparison.Ordinal);
        Assert.True(form.Find("[data-testid=decision-submit]").HasAttribute("disabled"));
        Assert.Empty(form.FindAll("[data-testid=decision-reason]"));

        form.Find("[data-testid=outcome-Reject]").Click();
        Assert.Equal(reject, form.Find("[data-testid=outcome-Reject]").TextContent.Trim());
        Assert.Equal("true", form.Find("[data-testid=outcome-Reject]").GetAttribute("aria-pressed"));
        var reason = form.Find("[data-testid=decision-reason]");
        Assert.Equal(reasonLabel, form.Find($"label[for={reason.Id}]").TextContent.Trim());
        Assert.True(reason.HasAttribute("required"));
        Assert.False(form.Find("[data-testid=decision-submit]").HasAttribute("disabled"));

        form.Find("[data-testid=decision-submit]").Click();
        Assert.Empty(sent);
        Assert.Equal(needReason, form.Find("[data-testid=decision-problem]").TextContent.Trim());

        form.Find("[data-testid=decision-reason]").Input("《公路法》第四十四条");
        form.Find("[data-testid=decision-submit]").Click();
        var decision = Assert.Single(sent);
        Assert.Equal(DecisionOutcome.Reject, decision.Outcome);
        Assert.Equal("《公路法》第四十四条", decision.Comment);
    }

    [Fact]
    public void ConditionsAreEnteredAsLinesThatCanBeAddedAndRemoved()
    {
        using var _ = Culture("en");
        var sent = new List<DecisionInput>();
        var form = Render(sent);

        form.Find("[data-testid=outcome-ApproveWithConditions]").Click();
        Assert.Single(form.FindAll("[data-testid=decision-condition]"));
        form.Find("[data-testid=decision-condition]").Input("Warning signs");
        form.Find("[data-testid=condition-add]").Click();
        form.Find("[data-testid=condition-add]").Click();
        Assert.Equal(3, form.FindAll("[data-testid=decision-condition]").Count);
        form.FindAll("[data-testid=decision-condition]")[1].Input("A marshal at night");
        form.FindAll("[data-testid=decision-condition]")[2].Input("dropped");
        Assert.Equal("Remove condition 3", form.FindAll("[data-testid=condition-remove]")[2].GetAttribute("aria-label"));
        form.FindAll("[data-testid=condition-remove]")[2].Click();
        Assert.Equal(2, form.FindAll("[data-testid=decision-condition]").Count);

        form.Find("[data-testid=decision-submit]").Click();
        Assert.Equal(["Warning signs", "A marshal at night"], Assert.Single(sent).Conditions!.Value.ToArray());
    }

    [Fact]
    public void TheBoardRenderingAgainLeavesTheFormAloneUntilWhatItIsGivenChanges()
    {
        using var _ = Culture("en");
        var sent = new List<DecisionInput>();
        var form = Render(sent);
        form.Find("[data-testid=outcome-Approve]").Click();
        var renders = form.RenderCount;

        // The board renders for a room event: the same department and label, a new submit callback.
        form.Render(parameters => parameters.Add(p => p.OnSubmit, input =>
        {
            sent.Add(input);
            sent.Add(input);
            return Task.CompletedTask;
        }));
        Assert.Equal(renders, form.RenderCount);
        Assert.Equal("true", form.Find("[data-testid=outcome-Approve]").GetAttribute("aria-pressed"));

        // The newest callback is the one called.
        form.Find("[data-testid=decision-submit]").Click();
        Assert.Equal(2, sent.Count);

        form.Render(parameters => parameters.Add(p => p.SubmitText, "Revise"));
        Assert.Equal("Revise", form.Find("[data-testid=decision-submit]").TextContent.Trim());
        form.Find("[data-testid=outcome-Reject]").Click();
        Assert.Equal("true", form.Find("[data-testid=outcome-Reject]").GetAttribute("aria-pressed"));
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public void AFormDrawnAgainElsewhereShowsWhatThePersonHadChosenAndTyped(string culture)
    {
        // The board draws its form in another place when its layout changes (a phone turned to
        // landscape): a new form, given the board's draft.
        using var _ = Culture(culture);
        var sent = new List<DecisionInput>();
        var draft = new DecisionDraft();
        var first = Render(sent, draft);
        first.Find("[data-testid=outcome-ApproveWithConditions]").Click();
        first.Find("[data-testid=decision-condition]").Input("夜间设警示灯");
        first.Find("[data-testid=condition-add]").Click();
        first.FindAll("[data-testid=decision-condition]")[1].Input("专人指挥");
        first.Find("[data-testid=decision-comment]").Change("已电话沟通");
        first.Find("[data-testid=decision-submit]").Click();
        sent.Clear();
        first.Find("[data-testid=outcome-Reject]").Click();
        first.Find("[data-testid=decision-reason]").Input("管线冲突");
        first.Dispose();

        var again = Render(sent, draft);
        Assert.Equal("true", again.Find("[data-testid=outcome-Reject]").GetAttribute("aria-pressed"));
        Assert.Equal("管线冲突", again.Find("[data-testid=decision-reason]").GetAttribute("value"));
        again.Find("[data-testid=outcome-ApproveWithConditions]").Click();
        Assert.Equal(2, again.FindAll("[data-testid=decision-condition]").Count);
        again.Find("[data-testid=decision-submit]").Click();
        var decision = Assert.Single(sent);
        Assert.Equal(["夜间设警示灯", "专人指挥"], decision.Conditions!.Value.ToArray());
        Assert.Equal("管线冲突", decision.Comment);

        // Another form (another department's, or the same one recorded on its behalf) starts empty.
        var other = Render(sent, new DecisionDraft());
        Assert.True(other.Find("[data-testid=decision-submit]").HasAttribute("disabled"));
    }

    private IRenderedComponent<DecisionForm> Render(List<DecisionInput> sent, DecisionDraft? draft = null) =>
        Bunit.Render<DecisionForm>(parameters => parameters
            .Add(p => p.Department, "road-admin")
            .Add(p => p.Draft, draft ?? new DecisionDraft())
            .Add(p => p.SubmitText, "Submit")
            .Add(p => p.OnSubmit, input =>
            {
                sent.Add(input);
                return Task.CompletedTask;
            }));
}
