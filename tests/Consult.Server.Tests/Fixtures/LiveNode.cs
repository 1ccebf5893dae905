using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Consult.Client;
using Consult.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Consult.Server.Tests.Fixtures;

/// <summary>
/// The server on a real loopback port (Kestrel), for SignalR clients over real WebSockets.
/// Several nodes on one data folder form one cluster when later ones name the first's silo port.
/// </summary>
public sealed class LiveNode : WebApplicationFactory<Program>
{
    public const string Password = "live-demo-password";
    private readonly string _dataFolder;
    private readonly int? _primaryPort;
    private readonly Dictionary<string, string> _settings;
    private readonly Action<IWebHostBuilder>? _configure;
    private bool _ownsFolder;

    /// <param name="anyAddress">Listen on every interface, not only loopback (callers from another address).</param>
    /// <param name="configure">More host configuration (services a test adds).</param>
    public LiveNode(string dataFolder, int? primaryPort = null, Dictionary<string, string>? settings = null,
        bool anyAddress = false, Action<IWebHostBuilder>? configure = null)
    {
        _dataFolder = dataFolder;
        _primaryPort = primaryPort;
        _settings = settings ?? [];
        _configure = configure;
        HttpPort = FreePorts.Next();
        SiloPort = FreePorts.Next();
        if (anyAddress)
            UseKestrel(kestrel => kestrel.ListenAnyIP(HttpPort));
        else
            UseKestrel(HttpPort);
        StartServer();
    }

    /// <summary>A node on a fresh data folder of its own, deleted when the node is disposed.</summary>
    public static LiveNode Temporary(string prefix, Dictionary<string, string>? settings = null,
        bool anyAddress = false, Action<IWebHostBuilder>? configure = null) =>
        new(TempFolder.New(prefix), settings: settings, anyAddress: anyAddress, configure: configure) { _ownsFolder = true };

    public int HttpPort { get; }

    public int SiloPort { get; }

    public Uri Address => new($"http://127.0.0.1:{HttpPort}");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Outside Development, package assets (_content/MudBlazor, the Blazor script) are served
        // only from a published folder; a test runs from build output, like `dotnet run`.
        builder.UseStaticWebAssets();
        builder.UseSetting("DetailedErrors", "true");
        builder.UseSetting("Consult:DataPath", _dataFolder);
        builder.UseSetting("Consult:Demo:Enabled", "true");
        builder.UseSetting("Consult:Demo:Password", Password);
        builder.UseSetting("Consult:SignInPerMinute", "100000");
        builder.UseSetting("Consult:RateLimits:WritesPerSecond", "100000");
        builder.UseSetting("Consult:RateLimits:WriteBurst", "100000");
        builder.UseSetting("Consult:RateLimits:AnonymousPerMinute", "100000");
        builder.UseSetting("Consult:Silo:Port", SiloPort.ToString());
        builder.UseSetting("Consult:Silo:GatewayPort", FreePorts.Next().ToString());
        if (_primaryPort is { } primary)
            builder.UseSetting("Consult:Silo:PrimaryPort", primary.ToString());
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        _configure?.Invoke(builder);
    }

    public async Task<string> Token(string userName)
    {
        using var client = new HttpClient { BaseAddress = Address };
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName, password = Password });
        response.EnsureSuccessStatusCode();
        return (string)(await response.Content.ReadFromJsonAsync<JsonNode>(ConsultJson.Options))!["accessToken"]!;
    }

    public async Task<HttpClient> Http(string userName)
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Token(userName));
        return client;
    }

    /// <summary>A started hub connection signed in as <paramref name="userName"/>, or anonymous.</summary>
    public async Task<HubConnection> Hub(string? userName)
    {
        var token = userName is null ? null : await Token(userName);
        var connection = ConsultHub.Connect(Address, token is null ? null : () => Task.FromResult<string?>(token));
        await connection.StartAsync();
        return connection;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsFolder)
            TempFolder.Delete(_dataFolder);
    }
}
