using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace Consult.Server.Ui;

/// <summary>
/// MudBlazor's markup for what only shows (an icon, a chip) written straight into the page's own
/// render tree. Every component costs its circuit two render trees and its state (~4 KB measured):
/// a board drew ~170 of them, 1.1 MB per open board. What neither listens nor moves is drawn here
/// with the same elements and classes, so it looks the same and costs nothing of its own.
/// The class lists are built once per process and shared: a render tree holds the string it is
/// given, and every open board held its own copies of the same long lists twice (current and
/// previous tree), about 10 KB a circuit.
/// </summary>
public static class Plain
{
    // A memo of what the arguments alone decide (the same strings on every node), not state: no
    // clash with STYLE's "no static mutable state". Enough for every combination the pages use;
    // past it (a caller passing data in a class) the list is built each time, not kept for ever.
    private const int MaxShared = 512;
    private static readonly ConcurrentDictionary<(string Size, string? Extra), string> IconClasses = new();
    private static readonly ConcurrentDictionary<(string Variant, string Color, string Size, string? Extra), string> ButtonClasses = new();
    private static readonly ConcurrentDictionary<(string Variant, string Color), string> ChipClasses = new();
    private static readonly ConcurrentDictionary<string, string> IconStartClasses = new();

    /// <summary>The list kept for <paramref name="key"/>, built and kept on first use while fewer than <paramref name="max"/> are kept.</summary>
    internal static string Shared<TKey>(ConcurrentDictionary<TKey, string> lists, TKey key, Func<TKey, string> build, int max = MaxShared) where TKey : notnull =>
        lists.TryGetValue(key, out var list) ? list
        : lists.Count < max ? lists.GetOrAdd(key, build)
        : build(key);

    private static string IconClass(string size, string? extraClass) => Shared<(string Size, string? Extra)>(IconClasses, (size, extraClass), static k =>
        k.Extra is null ? $"mud-icon-root mud-svg-icon mud-icon-size-{k.Size}" : $"mud-icon-root mud-svg-icon mud-icon-size-{k.Size} {k.Extra}");

    /// <summary>A MudIcon: the SVG with its classes; a title is read out, otherwise it is hidden from readers.</summary>
    public static RenderFragment Icon(string svg, string size = "small", string? title = null, string? extraClass = null) => builder =>
    {
        builder.OpenElement(0, "svg");
        builder.AddAttribute(1, "class", IconClass(size, extraClass));
        builder.AddAttribute(2, "focusable", "false");
        builder.AddAttribute(3, "viewBox", "0 0 24 24");
        if (title is null)
            builder.AddAttribute(4, "aria-hidden", "true");
        builder.AddAttribute(5, "role", "img");
        if (title is not null)
        {
            builder.OpenElement(6, "title");
            builder.AddContent(7, title);
            builder.CloseElement();
        }

        builder.AddMarkupContent(8, svg);
        builder.CloseElement();
    };

    /// <summary>A small MudChip that is not clicked: <paramref name="variant"/> "outlined" or "filled", <paramref name="color"/> as Mud's colour name.</summary>
    public static RenderFragment Chip(RenderFragment content, string variant, string color, string? icon = null, string? title = null, string? testId = null) => builder =>
    {
        builder.OpenElement(0, "div");
        builder.AddAttribute(1, "class", "mud-chip-container");
        builder.OpenElement(2, "div");
        builder.AddAttribute(3, "class", Shared<(string Variant, string Color)>(ChipClasses, (variant, color), static k => $"mud-chip mud-chip-{k.Variant} mud-chip-size-small mud-chip-color-{k.Color}"));
        builder.AddAttribute(4, "tabindex", "-1");
        builder.AddAttribute(5, "title", title);
        builder.AddAttribute(6, "data-testid", testId);
        if (icon is not null)
            builder.AddContent(7, Icon(icon, extraClass: "mud-chip-icon"));
        builder.OpenElement(8, "span");
        builder.AddAttribute(9, "class", "mud-chip-content");
        builder.AddContent(10, content);
        builder.CloseElement();
        builder.CloseElement();
        builder.CloseElement();
    };

    /// <summary>A small MudChip of text alone.</summary>
    public static RenderFragment Chip(string text, string variant, string color, string? icon = null, string? title = null, string? testId = null) =>
        Chip(b => b.AddContent(0, text), variant, color, icon, title, testId);

    /// <summary>The classes of a MudButton (variant "text", "filled" or "outlined"; size "small", "medium" or "large").</summary>
    public static string ButtonClass(string variant, string color, string size = "medium", string? extraClass = null) =>
        Shared<(string Variant, string Color, string Size, string? Extra)>(ButtonClasses, (variant, color, size, extraClass), static k =>
            $"mud-button-root mud-button mud-button-{k.Variant} mud-button-{k.Variant}-{k.Color} mud-button-{k.Variant}-size-{k.Size} mud-ripple{(k.Extra is null ? "" : " " + k.Extra)}");

    /// <summary>A MudButton's label: its start icon (if any) and its text.</summary>
    public static RenderFragment ButtonLabel(string text, string? startIcon = null, string size = "medium") => builder =>
    {
        builder.OpenElement(0, "span");
        builder.AddAttribute(1, "class", "mud-button-label");
        if (startIcon is not null)
        {
            builder.OpenElement(2, "span");
            builder.AddAttribute(3, "class", Shared(IconStartClasses, size, static k => $"mud-button-icon-start mud-button-icon-size-{k}"));
            builder.AddContent(4, Icon(startIcon, size));
            builder.CloseElement();
        }

        builder.AddContent(5, text);
        builder.CloseElement();
    };

    /// <summary>A MudSpacer.</summary>
    public static readonly RenderFragment Spacer = builder =>
    {
        builder.OpenElement(0, "div");
        builder.AddAttribute(1, "aria-hidden", "true");
        builder.AddAttribute(2, "class", "flex-grow-1");
        builder.CloseElement();
    };
}
