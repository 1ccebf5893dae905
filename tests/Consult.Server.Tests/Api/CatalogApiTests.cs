using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Api;

[Collection(AppCollection.Name)]
public sealed class CatalogApiTests(ConsultApp app)
{
    [Fact]
    public async Task TheCatalogueListsTheFiveReferenceMattersWithRolesAndLegacyTimes()
    {
        var matters = (await app.CreateClient().Get("/api/v1/catalog/matters")).AsArray();
        var codes = matters.Select(m => (string?)m!["code"]).ToList();
        Assert.Superset(new HashSet<string?> { "highway-occupation", "highway-crossing", "highway-pipeline", "level-junction", "school-bus" }, codes.ToHashSet());

        var occupation = matters.Single(m => (string?)m!["code"] == "highway-occupation")!;
        Assert.Equal("占用、挖掘公路施工许可", (string?)occupation["name"]!["zh"]);
        Assert.Equal("unanimous", (string?)occupation["rule"]);
        Assert.Contains(occupation["departments"]!.AsArray(), d => (string?)d!["department"] == "traffic-police" && (string?)d["role"] == "required");
        Assert.Contains(occupation["departments"]!.AsArray(), d => (string?)d!["role"] == "notify");
        Assert.Contains(occupation["departments"]!.AsArray(), d => (string?)d!["department"] == "housing" && (string?)d["role"] == "advisory");
        Assert.Equal(20, (int)occupation["legalLimitWorkingDays"]!);
        Assert.Contains("第27条第（一）项", (string?)occupation["legalBasis"], StringComparison.Ordinal);
        Assert.Equal(3, (int)occupation["legacy"]!["departments"]!);
        Assert.NotEmpty(occupation["materials"]!.AsArray());
    }

    [Fact]
    public async Task TheSchoolBusPermitHasNoInsuranceSeatAndListsInsuranceAsAMaterial()
    {
        var matters = (await app.CreateClient().Get("/api/v1/catalog/matters")).AsArray();
        var schoolBus = matters.Single(m => (string?)m!["code"] == "school-bus")!;
        Assert.DoesNotContain(schoolBus["departments"]!.AsArray(), d => (string?)d!["department"] == "insurance");
        Assert.Contains(schoolBus["materials"]!.AsArray(), m => ((string?)m!["zh"])!.Contains("承运人责任保险", StringComparison.Ordinal));
        Assert.Contains("书面申请", (string?)schoolBus["materials"]![0]!["zh"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DepartmentsHaveChineseAndEnglishNames()
    {
        var departments = (await app.CreateClient().Get("/api/v1/catalog/departments")).AsArray();
        var police = departments.Single(d => (string?)d!["code"] == "traffic-police")!;
        Assert.Equal("公安交警", (string?)police["name"]!["zh"]);
        Assert.Equal("Traffic Police", (string?)police["name"]!["en"]);
    }
}
