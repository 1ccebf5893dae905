using System.Collections.Concurrent;
using Consult.Server.Ui;

namespace Consult.Server.Tests.Ui;

/// <summary>MudBlazor's markup written by hand: the same classes as the components, each list built once per process.</summary>
public sealed class PlainTests
{
    [Fact]
    public void AButtonsClassesAreMudBlazorsAndEveryCircuitSharesOneString()
    {
        var first = Plain.ButtonClass("filled", "primary", "large", "mt-2");
        var again = Plain.ButtonClass("filled", "primary", "large", "mt-2");

        Assert.Equal("mud-button-root mud-button mud-button-filled mud-button-filled-primary mud-button-filled-size-large mud-ripple mt-2", first);
        Assert.Same(first, again);
        Assert.Equal("mud-button-root mud-button mud-button-text mud-button-text-default mud-button-text-size-medium mud-ripple", Plain.ButtonClass("text", "default"));
    }

    [Fact]
    public void PastTheBoundAListIsStillBuiltRightButNotKept()
    {
        var lists = new ConcurrentDictionary<string, string>();
        string Build(string key) => "row " + key;

        var first = Plain.Shared(lists, "1", Build, max: 2);
        Plain.Shared(lists, "2", Build, max: 2);
        var third = Plain.Shared(lists, "3", Build, max: 2);

        Assert.Same(first, Plain.Shared(lists, "1", Build, max: 2));
        Assert.Equal("row 3", third);
        Assert.NotSame(third, Plain.Shared(lists, "3", Build, max: 2));
        Assert.Equal(2, lists.Count);
    }
}
