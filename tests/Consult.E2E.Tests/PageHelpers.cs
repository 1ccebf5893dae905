using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ZXing;
using ZXing.Common;

namespace Consult.E2E.Tests;

public static class PageHelpers
{
    /// <summary>The text box of a MudBlazor field, wherever the test id landed (wrapper or input).</summary>
    public static ILocator Field(IPage page, string testId) =>
        page.Locator($"[data-testid={testId}]").Locator("xpath=descendant-or-self::textarea[not(@readonly) and not(@aria-hidden='true')] | descendant-or-self::input").First;

    /// <summary>A room's board opened by <paramref name="userName"/> in <paramref name="culture"/>, ready to use.</summary>
    public static async Task<IPage> Board(BrowserFixture fixture, string userName, string culture, string roomId, bool phone = false)
    {
        var page = await fixture.SignIn(userName, phone);
        await page.GotoAsync($"/culture/{culture}?redirect=/rooms/{roomId}");
        await BrowserFixture.Ready(page);
        await page.Locator("[data-testid=board]").WaitForAsync();
        return page;
    }

    /// <summary>A successful API answer's JSON; a failure names its status and body.</summary>
    public static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>
    /// What a QR code image on the page says, read as a phone would: the browser draws the image on a
    /// canvas and hands over its pixels (RGBA), which ZXing decodes. Fails when nothing decodes.
    /// </summary>
    public static async Task<string> DecodeQr(ILocator image)
    {
        var drawn = await image.EvaluateAsync<JsonElement>("""
            async img => {
                await img.decode();
                const canvas = document.createElement('canvas');
                canvas.width = img.naturalWidth;
                canvas.height = img.naturalHeight;
                const context = canvas.getContext('2d');
                context.drawImage(img, 0, 0);
                const rgba = context.getImageData(0, 0, canvas.width, canvas.height).data;
                let binary = '';
                for (let i = 0; i < rgba.length; i += 8192)
                    binary += String.fromCharCode.apply(null, rgba.subarray(i, i + 8192));
                return { width: canvas.width, height: canvas.height, rgba: btoa(binary) };
            }
            """);
        var width = drawn.GetProperty("width").GetInt32();
        var height = drawn.GetProperty("height").GetInt32();
        var pixels = Convert.FromBase64String(drawn.GetProperty("rgba").GetString()!);
        var reader = new BarcodeReaderGeneric
        {
            Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true },
        };
        var result = reader.Decode(new RGBLuminanceSource(pixels, width, height, RGBLuminanceSource.BitmapFormat.RGBA32));
        Assert.True(result is not null, $"No QR code could be read from the {width}×{height} image.");
        return result.Text;
    }

    /// <summary>The page's visible text without the language switch (which names the other language in that language).</summary>
    public static Task<string> VisibleText(IPage page) => page.EvaluateAsync<string>("""
        () => {
            const choice = document.querySelector('[data-testid=lang-switch]');
            const text = document.body.innerText;
            return choice ? text.replace(choice.innerText, '') : text;
        }
        """);

    /// <summary>
    /// No markup or C# of a component shows as text: a Razor file with text after its <c>@code</c>
    /// block renders that text (the console once showed <c>%"; }</c> below its last panel).
    /// </summary>
    public static async Task NoStrayCode(IPage page)
    {
        var text = await VisibleText(page);
        foreach (var stray in (string[])["\"; }", "\";", "@code", "@L[", "@(", "</", "=> "])
            Assert.DoesNotContain(stray, text, StringComparison.Ordinal);
    }

    /// <summary>Whether the page is wider than the screen (something does not wrap).</summary>
    public static Task<bool> ScrollsSideways(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
}
