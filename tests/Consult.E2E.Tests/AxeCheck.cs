using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Consult.E2E.Tests;

/// <summary>axe-core's WCAG 2.1 A/AA rules on a page: its serious and critical violations, each with the elements it found.</summary>
public static class AxeCheck
{
    private static readonly AxeRunOptions Rules = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    public static async Task<IReadOnlyList<string>> SeriousViolations(IPage page)
    {
        var result = await page.RunAxe(Rules);
        return [.. result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}) {v.Help}: " + string.Join(" | ", v.Nodes.Take(4).Select(n => string.Join(" ", n.Target) + " " + n.Html[..Math.Min(n.Html.Length, 160)])))];
    }
}
