using Consult.Rooms;

namespace Consult.Server.Ui;

/// <summary>
/// A department's decision as far as the person has got with it: the outcome tapped, the reason or
/// comment typed, the conditions one line each. The board keeps it, not the form: the board draws the
/// form in another place when its layout changes (a phone turned to landscape, a window made narrow),
/// which makes a new form, and that form shows what the person had chosen and typed.
/// </summary>
public sealed class DecisionDraft
{
    public DecisionOutcome? Outcome { get; set; }

    public string? Comment { get; set; }

    public List<ConditionLine> Conditions { get; } = [new()];

    /// <summary>Set by the first submit: from then on an empty required field says so beside itself.</summary>
    public bool Tried { get; set; }

    /// <summary>One condition's line (a class, so that a line keeps its text box while others are removed).</summary>
    public sealed class ConditionLine
    {
        public string? Text { get; set; }
    }
}
