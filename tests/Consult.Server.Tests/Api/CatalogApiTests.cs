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
        Assert.Equal(3, (int)occupation["legacy"]!["departments"]!);
        Assert.NotEmpty(occupation["materials"]!.AsArray());
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
