using System.Net;
using Consult.Cases.Index;
using Consult.Hosting;
using Consult.Metrics.Index;
using Consult.Outbox;
using Consult.Rooms;
using Consult.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace Consult.Server.Hosting;

public static class OrleansHostingExtensions
{
    /// <summary>
    /// Co-hosts the Orleans silo. The mode picks the providers and nothing else: clustering, grain
    /// state, the distributed cache and the data-protection keys; every code path above them is
    /// the same in both modes.
    /// </summary>
    public static WebApplicationBuilder AddConsultOrleans(this WebApplicationBuilder builder)
    {
        var options = builder.GetConsultOptions();
        // A stopping node deactivates its grains and leaves the cluster before the host gives up on it.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(options.Silo.ShutdownSeconds));
        builder.AddOutboxOptions();
        builder.UseOrleans(silo => silo.Configure<GrainDirectoryOptions>(directory => directory.CacheSize = options.Silo.DirectoryCacheSize));
        if (options.Mode == ConsultMode.Cluster)
            builder.UseClusterProviders(options);
        else
            builder.UseEmbeddedProviders(options);
        return builder;
    }

    /// <summary>
    /// <c>Consult:Outbox</c>: how grains retry what they owe; <c>Consult:Clock</c>: the rooms' clock; <c>Consult:Tasks</c>: the follow-up tasks.
    /// Orleans refuses reminder periods under its minimum (1 minute by default), so a shorter period
    /// (tests) lowers the minimum with it.
    /// </summary>
    private static void AddOutboxOptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OutboxOptions>()
            .BindConfiguration(OutboxOptions.Section)
            .Validate(o => o.ReminderPeriod >= TimeSpan.FromSeconds(1), $"{OutboxOptions.Section}:ReminderPeriod must be at least 1 second.")
            .Validate(o => o.RetryDelay > TimeSpan.Zero, $"{OutboxOptions.Section}:RetryDelay must be positive.")
            .Validate(o => o.AnswerWait > TimeSpan.Zero, $"{OutboxOptions.Section}:AnswerWait must be positive.")
            .ValidateOnStart();
        builder.Services.AddOptions<ClockOptions>()
            .BindConfiguration(ClockOptions.Section)
            .Validate(o => o.ReminderPeriod >= TimeSpan.FromSeconds(1), $"{ClockOptions.Section}:ReminderPeriod must be at least 1 second.")
            .Validate(o => o.StartReminderLead >= TimeSpan.Zero, $"{ClockOptions.Section}:StartReminderLead must not be negative.")
            .Validate(o => o.ManualReminderInterval >= TimeSpan.Zero, $"{ClockOptions.Section}:ManualReminderInterval must not be negative.")
            .Validate(o => o.YellowCardFraction is > 0 and < 1, $"{ClockOptions.Section}:YellowCardFraction must be between 0 and 1.")
            .Validate(o => o.ReminderFractions is null || o.ReminderFractions.All(f => f is > 0 and < 1), $"{ClockOptions.Section}:ReminderFractions must each be between 0 and 1.")
            .ValidateOnStart();
        builder.Services.AddOptions<Consult.Cases.FollowUpOptions>()
            .BindConfiguration(Consult.Cases.FollowUpOptions.Section)
            .Validate(o => o.DueWorkingDays is >= 0 and <= Consult.Cases.FollowUpOptions.MaxDueWorkingDays,
                $"{Consult.Cases.FollowUpOptions.Section}:DueWorkingDays must be between 0 and {Consult.Cases.FollowUpOptions.MaxDueWorkingDays}.")
            .ValidateOnStart();
        builder.Services.AddOptions<ReminderOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<OutboxOptions>, Microsoft.Extensions.Options.IOptions<ClockOptions>>((reminders, outbox, clock) =>
            {
                var shortest = outbox.Value.ReminderPeriod < clock.Value.ReminderPeriod ? outbox.Value.ReminderPeriod : clock.Value.ReminderPeriod;
                if (shortest < reminders.MinimumReminderPeriod)
                    reminders.MinimumReminderPeriod = shortest;
            });
    }

    /// <summary>One node: localhost clustering, a SQLite file, an in-memory cache, keys on disk.</summary>
    private static void UseEmbeddedProviders(this WebApplicationBuilder builder, ConsultOptions options)
    {
        var dataFolder = options.DataFolder(builder.Environment);
        DurableFiles.EnsureFolder(dataFolder);

        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(
                options.Silo.Port,
                options.Silo.GatewayPort,
                options.Silo.PrimaryPort is { } primary ? new IPEndPoint(IPAddress.Loopback, primary) : null,
                serviceId: "consult",
                clusterId: "consult");
            if (options.Storage == GrainStorageKind.Memory)
            {
                silo.AddVolatileGrainStorage(StorageNames.Consult);
                silo.UseInMemoryReminderService();
            }
            else
            {
                var database = Path.Combine(dataFolder, "consult.db");
                silo.AddSqliteGrainStorage(StorageNames.Consult, database);
                silo.AddSqliteCaseIndex(database);
                silo.AddSqliteMetricsIndex(database);
                silo.UseSqliteReminderService(database);
            }

            silo.Services.AddConsultGrains(options.TimeZone, options.Centre.Hours);
        });

        builder.Services.AddDistributedMemoryCache();
        builder.Services.AddDataProtection().SetApplicationName("Consult");
        // Keys written durably (fsync, rename, folder fsync) and a damaged key file set aside, not fatal.
        var keys = new DirectoryInfo(Path.Combine(dataFolder, "keys"));
        builder.Services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<ILoggerFactory>((management, logging) =>
                management.XmlRepository = new DurableKeyRepository(keys, logging.CreateLogger<DurableKeyRepository>()));
    }

    /// <summary>Several nodes on one Redis: membership, grain state, cache and keys all in it, under the service id.</summary>
    private static void UseClusterProviders(this WebApplicationBuilder builder, ConsultOptions options)
    {
        var cluster = options.Cluster;
        var redis = new RedisConnection(RedisConnection.TryParse(options.RedisConnectionString!, out _)!);
        // Registered through a factory so that the container disposes it, after the silo has stopped.
        builder.Services.AddSingleton(_ => redis);

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(ids =>
            {
                ids.ServiceId = cluster.ServiceId;
                ids.ClusterId = cluster.ClusterId;
            });
            if (cluster.Kubernetes)
            {
                // The pod's address, name and ids come from the environment (POD_IP, POD_NAME, …).
                silo.Configure<EndpointOptions>(endpoints =>
                {
                    endpoints.SiloPort = options.Silo.Port;
                    endpoints.GatewayPort = options.Silo.GatewayPort;
                });
                silo.UseKubernetesHosting();
            }
            else if (IPAddress.TryParse(cluster.AdvertisedAddress, out var address))
            {
                silo.ConfigureEndpoints(address, options.Silo.Port, options.Silo.GatewayPort, cluster.ListenOnAnyAddress);
            }
            else
            {
                silo.ConfigureEndpoints(cluster.AdvertisedAddress, options.Silo.Port, options.Silo.GatewayPort, listenOnAnyHostAddress: cluster.ListenOnAnyAddress);
            }

            // What sets the time from a node's death to its grains answering elsewhere.
            silo.Configure<ClusterMembershipOptions>(membership =>
            {
                membership.ProbeTimeout = TimeSpan.FromSeconds(cluster.ProbeTimeoutSeconds);
                membership.NumMissedProbesLimit = cluster.MissedProbesLimit;
            });
            silo.UseRedisClustering(clustering =>
            {
                clustering.ConfigurationOptions = redis.Options;
                clustering.CreateMultiplexer = async _ => (await redis.Connect(), true);
            });
            silo.AddRedisGrainStorage(StorageNames.Consult, storage => storage.Configure<Serializer>((redisStorage, serializer) =>
            {
                redisStorage.ConfigurationOptions = redis.Options;
                redisStorage.CreateMultiplexer = async _ => (await redis.Connect(), true);
                // The same binary format as the SQLite storage: the state types are Orleans-serializable, not JSON-shaped.
                redisStorage.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));
            silo.UseRedisReminderService(reminders =>
            {
                reminders.ConfigurationOptions = redis.Options;
                reminders.CreateMultiplexer = async _ => (await redis.Connect(), true);
            });
            // Each node keeps its own case and metrics indexes, in its data folder, of the rows in Redis.
            var dataFolder = options.DataFolder(builder.Environment);
            DurableFiles.EnsureFolder(dataFolder);
            Func<IServiceProvider, IStoredRows> Rows(string stream) => sp => new RedisStoredRows(
                redis.Connect,
                sp.GetRequiredService<IOptions<ClusterOptions>>(),
                sp.GetRequiredService<TimeProvider>(),
                TimeSpan.FromMinutes(cluster.IndexLookOverMinutes),
                stream);
            silo.AddCaseIndex(Path.Combine(dataFolder, "case-index.db"), Rows(RedisStoredRows.CaseDayStream));
            silo.AddMetricsIndex(Path.Combine(dataFolder, "metrics-index.db"), Rows(RedisStoredRows.MetricsStream));
            silo.Services.AddConsultGrains(options.TimeZone, options.Centre.Hours);
        });

        builder.Services.AddStackExchangeRedisCache(cache =>
        {
            cache.ConfigurationOptions = redis.Options;
            cache.ConnectionMultiplexerFactory = redis.Connect;
            cache.InstanceName = $"{cluster.ServiceId}/cache/";
        });
        builder.Services.AddDataProtection()
            .SetApplicationName("Consult")
            .PersistKeysToStackExchangeRedis(redis.Database, $"{cluster.ServiceId}/data-protection-keys");
        builder.Services.AddHostedService<SharedKeyRingBootstrap>();
    }
}
