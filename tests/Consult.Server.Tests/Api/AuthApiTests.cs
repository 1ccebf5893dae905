using System.Net;
using System.Net.Http.Headers;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Api;

[Collection(AppCollection.Name)]
public sealed class AuthApiTests(ConsultApp app)
{
    [Fact]
    public async Task ADemoUserGetsABearerTokenInTheContractsShape()
    {
        var response = await app.CreateClient().Post("/api/v1/auth/token", new { userName = "road-admin", password = ConsultApp.Password });
        var body = (await response.Json(HttpStatusCode.OK)).AsObject();

        Assert.Equal(["tokenType", "accessToken", "expiresIn"], body.Select(p => p.Key));
        Assert.Equal("Bearer", (string?)body["tokenType"]);
        Assert.False(string.IsNullOrEmpty((string?)body["accessToken"]));
        Assert.Equal(12 * 3600, (long)body["expiresIn"]!);
    }

    [Fact]
    public async Task TheTokenCarriesRoleAndDepartment()
    {
        var client = await app.SignIn("traffic-police");
        var me = await client.Get("/api/v1/auth/me");
        Assert.Equal("traffic-police", (string?)me["userName"]);
        Assert.Equal("department", (string?)me["role"]);
        Assert.Equal("traffic-police", (string?)me["department"]);
    }

    [Theory]
    [InlineData("window", "wrong-password")]
    [InlineData("nobody", "test-demo-password")]
    public async Task AWrongPasswordOrUnknownUserIsUnauthorized(string userName, string password)
    {
        var response = await app.CreateClient().Post("/api/v1/auth/token", new { userName, password });
        await response.Problem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task CallsWithoutOrWithAForgedTokenAreUnauthorized()
    {
        var anonymous = app.CreateClient();
        await (await anonymous.GetAsync("/api/v1/cases")).Problem(HttpStatusCode.Unauthorized, "unauthorized");

        var forged = app.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "CfDJ8-not-a-real-token");
        await (await forged.GetAsync("/api/v1/cases")).Problem(HttpStatusCode.Unauthorized, "unauthorized");
    }
}
