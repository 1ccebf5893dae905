using System.Net;
using System.Xml.Linq;
using Consult.Server.Tests.Fixtures;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Consult.Server.Tests.Durability;

/// <summary>
/// After a power cut the data-protection key file may come back empty (issue 12): the server must
/// still sign people in, without anyone touching its folder.
/// </summary>
public sealed class KeyRingTests
{
    [Fact]
    public async Task AnEmptyKeyFileIsSetAsideAndSignInStillWorks()
    {
        var folder = TempFolder.New("consult-keys");
        try
        {
            var keys = Directory.CreateDirectory(Path.Combine(folder, "keys"));
            var damaged = Path.Combine(keys.FullName, $"key-{Guid.NewGuid()}.xml");
            await File.WriteAllTextAsync(damaged, "");

            await using (var server = Start(folder))
            {
                var response = await server.CreateClient().Post("/api/v1/auth/token", new { userName = "window", password = ConsultApp.Password });
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            Assert.False(File.Exists(damaged));
            Assert.Single(keys.GetFiles("*.damaged-*"));
            var key = Assert.Single(keys.GetFiles("*.xml"));
            Assert.Equal("key", XElement.Load(key.FullName).Name.LocalName);
            Assert.Empty(keys.GetFiles("*.tmp"));
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    [Fact]
    public async Task KeysWrittenAtFirstStartAreReadAgainAfterARestart()
    {
        var folder = TempFolder.New("consult-keys");
        try
        {
            string token;
            await using (var first = Start(folder))
            {
                var response = await first.CreateClient().Post("/api/v1/auth/token", new { userName = "window", password = ConsultApp.Password });
                token = (string)(await response.Json(HttpStatusCode.OK))["accessToken"]!;
            }

            await using var second = Start(folder);
            var client = second.CreateClient();
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/auth/me")).StatusCode);
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    private static WebApplicationFactory<Program> Start(string folder) => FolderServer.Start(folder);
}
