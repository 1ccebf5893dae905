using Microsoft.Playwright;

namespace Consult.E2E.Tests;

/// <summary>The API reference page a developer of another system opens: rendered from this site alone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ApiReferenceTests(BrowserFixture fixture)
{
    [Fact]
    public async Task TheReferencePageListsTheOperationsWithoutLoadingAnythingFromElsewhere()
    {
        var page = await fixture.NewPage();
        var origin = new Uri(fixture.Node.Address.ToString()).GetLeftPart(UriPartial.Authority);
        var elsewhere = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(origin, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
                elsewhere.Add(request.Url);
        };

        await page.GotoAsync("/api");
        var signIn = page.GetByText("Get a bearer token for a user name and password").First;
        await signIn.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await page.GetByText("Consult REST API").First.WaitForAsync();
        // The page is long (every operation): the first screen is the telling part.
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.OutputFolder, "api-reference.png") });

        Assert.Empty(elsewhere);
    }
}
