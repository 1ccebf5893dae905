using Consult.Server.Ui;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Consult.Server.Tests.Ui;

/// <summary>The UI's localizers keep each string per culture: a kept string never answers another language.</summary>
public sealed class CachedStringLocalizerTests
{
    private static IStringLocalizer<SharedResource> Localizer()
    {
        var services = new ServiceCollection().AddLogging().AddConsultLocalization().BuildServiceProvider();
        Assert.IsType<CachedStringLocalizerFactory>(services.GetRequiredService<IStringLocalizerFactory>());
        return services.GetRequiredService<IStringLocalizer<SharedResource>>();
    }

    [Fact]
    public void EachLanguageGetsItsOwnStringAndTheSecondLookUpIsTheKeptOne()
    {
        var localizer = Localizer();
        string Reject(string culture)
        {
            using var _ = new ComponentTests.CultureScope(culture);
            return localizer["Outcome_Reject"];
        }

        Assert.Equal("不同意", Reject("zh-CN"));
        Assert.Equal("Reject", Reject("en"));
        Assert.Equal("不同意", Reject("zh-CN"));
        Assert.Equal("Reject", Reject("en"));
        using (new ComponentTests.CultureScope("en"))
            Assert.Same(localizer["Outcome_Reject"], localizer["Outcome_Reject"]);
    }

    [Fact]
    public void ArgumentsAreFormattedIntoTheLanguagesFormatAndAMissingNameSaysSo()
    {
        var localizer = Localizer();
        using (new ComponentTests.CultureScope("zh-CN"))
            Assert.Equal("条件 2", localizer["Decision_Condition", 2].Value);
        using (new ComponentTests.CultureScope("en"))
        {
            Assert.Equal("Condition 3", localizer["Decision_Condition", 3].Value);
            var missing = localizer["No_Such_Key"];
            Assert.True(missing.ResourceNotFound);
            Assert.Equal("No_Such_Key", missing.Value);
        }
    }
}
