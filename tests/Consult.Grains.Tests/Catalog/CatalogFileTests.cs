using Consult.Catalog;
using Consult.Rooms;

namespace Consult.Grains.Tests.Catalog;

/// <summary>The shipped catalogue against DESIGN.md's reading of the regulations.</summary>
public sealed class CatalogFileTests
{
    private static readonly CatalogSnapshot Catalog = CatalogFile.Load();

    private static readonly string[] HighwayMatters = ["highway-occupation", "highway-crossing", "highway-pipeline", "level-junction"];

    private static Matter Matter(string code) => Catalog.Matters.Single(m => m.Code == code);

    [Theory]
    [InlineData("highway-occupation", "第27条第（一）项", "《公路法》第44条")]
    [InlineData("highway-crossing", "第27条第（二）项", "《公路法》第45条")]
    [InlineData("highway-pipeline", "第27条第（三）项", "《公路法》第45条")]
    [InlineData("level-junction", "第27条第（六）项", "《公路法》第55条")]
    public void EachHighwayMatterCitesItsItemOfArticle27AndItsArticleOfTheHighwayLaw(string code, string item, string highwayLaw)
    {
        var basis = Matter(code).LegalBasis!;
        Assert.Contains("《公路安全保护条例》" + item, basis, StringComparison.Ordinal);
        Assert.Contains("第28条", basis, StringComparison.Ordinal);
        Assert.Contains(highwayLaw, basis, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(basis, "第27条第（.）项"));
    }

    [Fact]
    public void EveryHighwayMatterAsksForTheMaterialsOfArticle28()
    {
        foreach (var code in HighwayMatters)
        {
            var materials = Matter(code).Materials.Select(m => m.Zh).ToList();
            Assert.Contains(materials, m => m.Contains("设计和施工方案", StringComparison.Ordinal));
            Assert.Contains(materials, m => m.Contains("技术评价报告", StringComparison.Ordinal));
            Assert.Contains(materials, m => m.Contains("应急方案", StringComparison.Ordinal) && m.Contains("措施", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void HousingIsAtMostAdvisoryOnAHighwayAndTrafficPoliceIsRequired()
    {
        foreach (var code in HighwayMatters)
        {
            var seats = Matter(code).Departments;
            Assert.DoesNotContain(seats, s => s.Department == "housing" && s.Role == SeatRole.Required);
            Assert.Contains(seats, s => s.Department == "traffic-police" && s.Role == SeatRole.Required);
        }

        Assert.Contains(Matter("highway-occupation").Departments, s => s.Department == "housing" && s.Role == SeatRole.Advisory);
    }

    /// <summary>
    /// 超时默许 is the catalogue's default for the advisory (co-review) seats of highway matters only:
    /// a consent the law requires (the highway authority's, the traffic police's, the school-bus
    /// stages') is never presumed from silence.
    /// </summary>
    [Fact]
    public void OnlyAdvisorySeatsAreDeemedToConsentWhenSilentByDefault()
    {
        var flagged = Catalog.Matters.SelectMany(m => m.Departments.Where(s => s.DeemedConsentOnTimeout).Select(s => (m.Code, s.Department, s.Role))).ToList();

        Assert.NotEmpty(flagged);
        Assert.All(flagged, f => Assert.Equal(SeatRole.Advisory, f.Role));
        Assert.Contains(("highway-occupation", "housing", SeatRole.Advisory), flagged);
        Assert.DoesNotContain(Matter("school-bus").Departments, s => s.DeemedConsentOnTimeout);
    }

    [Fact]
    public void EveryMatterHasTheStatutoryLimitOfTwentyWorkingDays()
    {
        Assert.All(Catalog.Matters, m => Assert.Equal(20, m.LegalLimitWorkingDays));
        Assert.All(Catalog.Matters, m => Assert.Contains("《行政许可法》第42条", m.LegalBasis, StringComparison.Ordinal));
        Assert.All(Catalog.Matters.Where(m => m.Legacy.Note?.Contains("法定时限") == true), m => Assert.Contains("工作日", m.Legacy.Note, StringComparison.Ordinal));
    }

    [Fact]
    public void TheSchoolBusPermitTakesAWrittenApplicationAndInsuranceAsMaterialsNotAsASeat()
    {
        var schoolBus = Matter("school-bus");
        Assert.DoesNotContain(schoolBus.Departments, s => s.Department == "insurance");
        Assert.Contains("书面申请", schoolBus.Materials[0].Zh, StringComparison.Ordinal);
        Assert.Contains(schoolBus.Materials, m => m.Zh.Contains("承运人责任保险", StringComparison.Ordinal));
        Assert.Equal(["education", "traffic-police", "transport", "county-gov"],
            schoolBus.Departments.Where(s => s.Role == SeatRole.Required).Select(s => s.Department));
        Assert.Contains("《校车安全管理条例》第14、15条", schoolBus.LegalBasis, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCatalogueVersionIsRaisedSoStoredCataloguesAreReseeded() => Assert.True(Catalog.Version >= 2);
}
