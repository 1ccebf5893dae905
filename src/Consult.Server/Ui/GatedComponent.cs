using Microsoft.AspNetCore.Components;

namespace Consult.Server.Ui;

/// <summary>
/// A part of a page that renders again for its parent only when what it shows of its parameters
/// changed (<see cref="Shown"/>); its own events (a tap, typing) render it as usual. A board renders
/// again for its room's events, every open board for every event; the parts that do not show them
/// (the decision form; the discussion, until a message comes) are left as they are. Blazor renders a
/// child again whenever a parameter is not a plain value, and a callback never is.
/// </summary>
/// <remarks>A part overriding <see cref="OnAfterRender"/> calls the base, or it is rendered every time as before.</remarks>
public abstract class GatedComponent : ComponentBase
{
    private object? _shown;
    private bool _rendered;
    private bool _unchanged;

    /// <summary>What the part shows of its parameters, as a value compared with <see cref="object.Equals(object?)"/> (a tuple).</summary>
    protected abstract object Shown { get; }

    public override Task SetParametersAsync(ParameterView parameters)
    {
        // The new callbacks are taken in any case: the newest is the one a tap calls.
        parameters.SetParameterProperties(this);
        var shown = Shown;
        _unchanged = _rendered && Equals(shown, _shown);
        _shown = shown;
        try
        {
            return base.SetParametersAsync(ParameterView.Empty);
        }
        finally
        {
            _unchanged = false;
        }
    }

    protected override bool ShouldRender() => !_unchanged;

    protected override void OnAfterRender(bool firstRender) => _rendered = true;
}
