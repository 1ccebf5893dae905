using Microsoft.Playwright;

namespace Consult.E2E.Tests;

/// <summary>The header on a 390 px phone, in both languages: everything in it within the screen, nothing scrolls sideways.</summary>
[Collection(BrowserCollection.Name)]
[ClosePagesAfterTest]
public sealed class PhoneHeaderTests(BrowserFixture fixture)
{
    // Right edges of the header's visible parts, and how wide the page is.
    private const string Measure = """
        () => ({
            width: document.documentElement.clientWidth,
            scroll: document.documentElement.scrollWidth,
            parts: [...document.querySelectorAll('header .mud-toolbar > *')]
                .filter(e => e.getBoundingClientRect().width > 0)
                .map(e => ({ text: e.innerText.trim(), right: Math.round(e.getBoundingClientRect().right), height: Math.round(e.getBoundingClientRect().height) })),
        })
        """;

    [Fact]
    public async Task TheHeaderFitsA390PixelPhoneInEnglishAndInChinese()
    {
        var page = await fixture.SignIn("road-admin", phone: true);
        try
        {
            foreach (var culture in new[] { "en", "zh-CN" })
            {
                await page.GotoAsync($"/culture/{culture}?redirect=/inbox");
                await BrowserFixture.Ready(page);
                var header = await page.EvaluateAsync<Header>(Measure);
                Assert.Equal(390, header.Width);
                Assert.True(header.Scroll <= header.Width, $"{culture}: the page scrolls sideways ({header.Scroll} px)");
                Assert.All(header.Parts, p => Assert.True(p.Right <= header.Width, $"{culture}: '{p.Text}' ends at {p.Right} px"));
                // Nothing squeezed onto two lines ("SIGN / OUT").
                Assert.All(header.Parts.Where(p => p.Text.Length > 0), p => Assert.True(p.Height <= 40, $"{culture}: '{p.Text}' is {p.Height} px high"));
                await Assertions.Expect(page.Locator("header")).ToContainTextAsync(culture == "en" ? "Sign out" : "退出");
                await fixture.Screenshot(page, $"phone-header-{culture}");
            }
        }
        catch
        {
            await fixture.CaptureAll("failed-phone-header");
            throw;
        }
    }

    private sealed class Header
    {
        public int Width { get; set; }
        public int Scroll { get; set; }
        public Part[] Parts { get; set; } = [];
    }

    private sealed class Part
    {
        public string Text { get; set; } = "";
        public int Right { get; set; }
        public int Height { get; set; }
    }
}
