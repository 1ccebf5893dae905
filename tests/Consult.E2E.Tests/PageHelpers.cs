using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Consult.E2E.Tests;

public static class PageHelpers
{
    /// <summary>The text box of a MudBlazor field, wherever the test id landed (wrapper or input).</summary>
    public static ILocator Field(IPage page, string testId) =>
        page.Locator($"[data-testid={testId}]").Locator("xpath=descendant-or-self::textarea[not(@readonly) and not(@aria-hidden='true')] | descendant-or-self::input").First;

    /// <summary>A successful API answer's JSON; a failure names its status and body.</summary>
    public static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
