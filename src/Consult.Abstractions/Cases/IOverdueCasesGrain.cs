using System.Collections.Immutable;

namespace Consult.Cases;

/// <summary>
/// The supervision list of cases past their statutory limit (red cards), one per cluster (key 0),
/// fed by the cases' outboxes: managers read it, and the figures count it.
/// </summary>
[Alias("consult.overdue-cases-grain")]
public interface IOverdueCasesGrain : IGrainWithIntegerKey
{
    /// <summary>Records a card; a repeat for the same case is ignored.</summary>
    [Alias("add")]
    Task Add(OverdueCase card);

    /// <summary>The cards, newest first.</summary>
    [Alias("list")]
    Task<ImmutableArray<OverdueCase>> List();
}
