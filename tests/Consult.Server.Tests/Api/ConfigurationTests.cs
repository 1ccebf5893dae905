using Consult.Server.Tests.Fixtures;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Consult.Server.Tests.Api;

public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Consult:Mode", "Banana", "Consult:Mode")]
    [InlineData("Consult:Mode", "Cluster", "ConnectionStrings:Redis must be set")]
    [InlineData("Consult:TimeZone", "Mars/Olympus", "Consult:TimeZone")]
    [InlineData("Consult:Admin:UserName", "root", "Consult:Admin:Password")]
    [InlineData("Consult:Silo:Port", "70000", "Consult:Silo:Port")]
    [InlineData("Consult:Storage", "Banana", "Consult:Storage")]
    [InlineData("Consult:Outbox:ReminderPeriod", "00:00:00.5", "Consult:Outbox:ReminderPeriod")]
    [InlineData("Consult:Outbox:RetryDelay", "00:00:00", "Consult:Outbox:RetryDelay")]
    [InlineData("Consult:Centre:WorkingHours", "8:30 to 12", "Consult:Centre:WorkingHours")]
    [InlineData("Consult:Centre:WorkingHours", "13:30-17:30,08:30-12:00", "Consult:Centre:WorkingHours")]
    [InlineData("Consult:Cache:CalendarSeconds", "0", "Consult:Cache:CalendarSeconds")]
    [InlineData("Consult:Silo:DirectoryCacheSize", "0", "Consult:Silo:DirectoryCacheSize")]
    public void AWrongSettingStopsTheServerWithAMessageNamingTheKey(string key, string value, string expected)
    {
        Assert.Contains(expected, StartupFailure(builder =>
        {
            builder.UseSetting("Consult:DataPath", TempFolder.New("consult-config"));
            builder.UseSetting("Consult:Silo:Port", FreePorts.Next().ToString());
            builder.UseSetting("Consult:Silo:GatewayPort", FreePorts.Next().ToString());
            builder.UseSetting(key, value);
        }));
    }

    [Theory]
    [InlineData("ConnectionStrings:Redis", "127.0.0.1:6379,bogus=1", "ConnectionStrings:Redis cannot be read")]
    [InlineData("Consult:Materials:Path", "", "Consult:Materials:Path must name a folder every node shares")]
    [InlineData("Consult:Cluster:AdvertisedAddress", "not a host", "Consult:Cluster:AdvertisedAddress")]
    [InlineData("Consult:Cluster:ProbeTimeoutSeconds", "0", "Consult:Cluster:ProbeTimeoutSeconds")]
    [InlineData("Consult:Silo:PrimaryPort", "11111", "Consult:Silo:PrimaryPort is for local Embedded nodes")]
    [InlineData("Consult:Silo:ShutdownSeconds", "1", "Consult:Silo:ShutdownSeconds")]
    [InlineData("Consult:Storage", "Memory", "Consult:Storage=Memory is for benchmarks of Embedded mode only")]
    public void AWrongClusterSettingStopsTheServerWithAMessageNamingTheKey(string key, string value, string expected)
    {
        // Refused before anything connects: no Redis listens on port 1.
        Assert.Contains(expected, StartupFailure(builder =>
        {
            builder.UseSetting("Consult:Mode", "Cluster");
            builder.UseSetting("ConnectionStrings:Redis", "127.0.0.1:1");
            builder.UseSetting("Consult:Materials:Path", TempFolder.New("consult-config"));
            builder.UseSetting(key, value);
        }));
    }

    [Fact]
    public async Task MemoryStorageStartsWithRemindersInMemory()
    {
        var folder = TempFolder.New("consult-config");
        try
        {
            using var factory = Node(folder, builder => builder.UseSetting("Consult:Storage", "Memory"));
            // The reminder service reads its (empty) range in the background after start.
            Assert.Equal(System.Net.HttpStatusCode.OK, await Readiness.Within(factory.CreateClient(), TimeSpan.FromSeconds(10)));
            Assert.False(File.Exists(Path.Combine(folder, "consult.db")), "Memory storage keeps nothing in SQLite, reminders included.");
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    [Fact]
    public async Task TheSilosDirectoryCacheHasTheConfiguredSize()
    {
        var folder = TempFolder.New("consult-config");
        try
        {
            using var factory = Node(folder, builder => builder.UseSetting("Consult:Silo:DirectoryCacheSize", "5000"));
            Assert.Equal(System.Net.HttpStatusCode.OK, await Readiness.Within(factory.CreateClient(), TimeSpan.FromSeconds(20)));
            Assert.Equal(5000, factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Orleans.Configuration.GrainDirectoryOptions>>().Value.CacheSize);
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    [Fact]
    public Task ANodeIsNotReadyUntilItsIndexesHaveTakenInWhatTheStorageHolds() =>
        // An index whose warm-up takes as long as the test says, beside the case and metrics indexes.
        NotReadyUntilOpened("taking in what the storage holds: test index",
            (services, gate) => Consult.Storage.IndexWarmUp.Add(services, "test index", _ => ct => gate.WaitAsync(ct)));

    [Fact]
    public Task ANodeIsNotReadyUntilItsReminderServiceHasReadItsRange() =>
        // The reminder table answers the service's first read of its range when the test says.
        NotReadyUntilOpened("the reminder service is reading its range", GatedReminderTable.Wrap);

    /// <summary>An Embedded node on <paramref name="folder"/> and ports of its own, with what <paramref name="configure"/> adds.</summary>
    private static WebApplicationFactory<Program> Node(string folder, Action<IWebHostBuilder> configure) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Consult:DataPath", folder);
            builder.UseSetting("Consult:Silo:Port", FreePorts.Next().ToString());
            builder.UseSetting("Consult:Silo:GatewayPort", FreePorts.Next().ToString());
            configure(builder);
        });

    /// <summary>
    /// Starts a node whose start-up waits on a gate that <paramref name="hold"/> puts in its services:
    /// <c>/readyz</c> answers 503 with <paramref name="reason"/> until the gate opens, then 200.
    /// </summary>
    private static async Task NotReadyUntilOpened(string reason, Action<IServiceCollection, Task> hold)
    {
        var folder = TempFolder.New("consult-config");
        var gate = new TaskCompletionSource();
        try
        {
            using var factory = Node(folder, builder => builder.ConfigureServices(services => hold(services, gate.Task)));
            var client = factory.CreateClient();
            var answer = await client.GetAsync("/readyz");
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.Contains(reason, await answer.Content.ReadAsStringAsync());

            gate.SetResult();
            Assert.Equal(System.Net.HttpStatusCode.OK, await Readiness.Within(client, TimeSpan.FromSeconds(10)));
        }
        finally
        {
            gate.TrySetResult();
            TempFolder.Delete(folder);
        }
    }

    /// <summary>Starts the server with the given settings and answers why it refused to start.</summary>
    private static string StartupFailure(Action<IWebHostBuilder> configure)
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            configure(builder);
        });
        return Flatten(Assert.ThrowsAny<Exception>(() => factory.CreateClient()));
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
