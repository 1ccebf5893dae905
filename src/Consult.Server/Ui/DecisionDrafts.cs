namespace Consult.Server.Ui;

/// <summary>The drafts of one board: the viewer's department's own, and each department the window records for.</summary>
public sealed class DecisionDrafts
{
    private readonly Dictionary<(string Department, bool OnBehalf), DecisionDraft> _drafts = [];

    public DecisionDraft For(string department, bool onBehalf)
    {
        if (!_drafts.TryGetValue((department, onBehalf), out var draft))
            _drafts[(department, onBehalf)] = draft = new DecisionDraft();
        return draft;
    }
}
