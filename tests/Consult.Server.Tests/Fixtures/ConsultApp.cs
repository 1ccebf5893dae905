using System.Net.Http.Headers;
using System.Net.Http.Json;
using Consult.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Consult.Server.Tests.Fixtures;

/// <summary>The whole server (silo, API) in the test process, on its own data folder and ports, in demo mode.</summary>
public sealed class ConsultApp : WebApplicationFactory<Program>
{
    public const string Password = "test-demo-password";

    private readonly IReadOnlyDictionary<string, string>? _settings;

    public ConsultApp()
    {
    }

    /// <summary>With further configuration (<c>Section:Key</c> → value); internal: a collection fixture has one public constructor.</summary>
    internal ConsultApp(IReadOnlyDictionary<string, string> settings) => _settings = settings;

    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "consult-server-" + Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Consult:DataPath", DataFolder);
        builder.UseSetting("Consult:Demo:Enabled", "true");
        builder.UseSetting("Consult:Demo:Password", Password);
        builder.UseSetting("Consult:SignInPerMinute", "100000");
        builder.UseSetting("Consult:RateLimits:WritesPerSecond", "100000");
        builder.UseSetting("Consult:RateLimits:WriteBurst", "100000");
        builder.UseSetting("Consult:RateLimits:AnonymousPerMinute", "100000");
        builder.UseSetting("Consult:RateLimits:SupplementUploadsPerMinute", "100000");
        builder.UseSetting("Consult:Materials:MaxBytes", "4096");
        builder.UseSetting("Consult:Silo:Port", FreePorts.Next().ToString());
        builder.UseSetting("Consult:Silo:GatewayPort", FreePorts.Next().ToString());
        builder.UseSetting("Consult:PublicBaseUrl", "https://consult.example.gov.cn");
        foreach (var (key, value) in _settings ?? new Dictionary<string, string>())
            builder.UseSetting(key, value);
    }

    /// <summary>A client signed in as <paramref name="userName"/> with a bearer token.</summary>
    public async Task<HttpClient> SignIn(string userName) => await SignIn(userName, Password);

    public async Task<HttpClient> SignIn(string userName, string password)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName, password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenBody>(ConsultJson.Options);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed record TokenBody(string TokenType, string AccessToken, long ExpiresIn);
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<ConsultApp>
{
    public const string Name = "app";
}
