namespace Consult.Server.Hosting;

/// <summary>The <c>Consult</c> configuration section.</summary>
public sealed class ConsultOptions
{
    public const string Section = "Consult";

    /// <summary>The connection string that Cluster mode needs: <c>ConnectionStrings:Redis</c>, outside this section.</summary>
    public const string RedisConnectionKey = "ConnectionStrings:Redis";

    public ConsultMode Mode { get; set; } = ConsultMode.Embedded;

    /// <summary>Embedded mode's grain state: durable (the default) or, for benchmarks only, memory.</summary>
    public GrainStorageKind Storage { get; set; } = GrainStorageKind.Durable;

    /// <summary>
    /// Embedded mode: folder of the SQLite file, the materials and the data-protection keys;
    /// relative to the content root. Cluster mode keeps nothing there unless materials are under it.
    /// </summary>
    public string DataPath { get; set; } = "./data";

    /// <summary>The value of <see cref="RedisConnectionKey"/>; filled when the options are loaded, not bound.</summary>
    public string? RedisConnectionString { get; set; }

    /// <summary>The service centre's time zone: case numbers run per local day.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>Base of the applicant's tracking link; the request's own address when empty.</summary>
    public string? PublicBaseUrl { get; set; }

    public DemoOptions Demo { get; set; } = new();

    public AdminOptions Admin { get; set; } = new();

    public SiloOptions Silo { get; set; } = new();

    public MaterialOptions Materials { get; set; } = new();

    public TokenOptions Tokens { get; set; } = new();

    public RealtimeOptions Hub { get; set; } = new();

    public Consult.Server.Realtime.Calls.VideoOptions Video { get; set; } = new();

    /// <summary>Sign-in attempts (token and UI) per client address and minute; beyond: 429.</summary>
    public int SignInPerMinute { get; set; } = 120;

    public RateLimitOptions RateLimits { get; set; } = new();

    public ClusterSettings Cluster { get; set; } = new();

    public CacheOptions Cache { get; set; } = new();

    public CentreOptions Centre { get; set; } = new();
}

/// <summary>The service centre itself.</summary>
public sealed class CentreOptions
{
    /// <summary>The centre's name as the applicant's receipt (受理回执) prints it.</summary>
    public string Name { get; set; } = "政务服务中心";

    /// <summary>The number the applicant calls with questions, printed on the receipt; left out when empty.</summary>
    public string? Phone { get; set; }

    /// <summary>
    /// Working hours on a working day, for the session clock's working time:
    /// periods in order, such as <c>08:30-12:00,13:30-17:30</c>.
    /// </summary>
    public string WorkingHours { get; set; } = Consult.Calendar.WorkingHours.Default;

    /// <summary>The parsed <see cref="WorkingHours"/>; the validator has refused a value that does not parse.</summary>
    public Consult.Calendar.WorkingHours Hours => Consult.Calendar.WorkingHours.Parse(WorkingHours, out _)
        ?? throw new InvalidOperationException($"Consult:Centre:WorkingHours '{WorkingHours}' is not valid.");
}

/// <summary>Cluster mode: how this node finds the others and how fast a dead one is noticed.</summary>
public sealed class ClusterSettings
{
    /// <summary>Names this deployment in Redis: every key starts with it. Two deployments on one Redis need two names.</summary>
    public string ServiceId { get; set; } = "consult";

    /// <summary>The cluster that nodes of this deployment join; change it only to split nodes into separate clusters.</summary>
    public string ClusterId { get; set; } = "consult";

    /// <summary>The address other nodes reach this node's silo at: an IP address or a host name resolved at start-up.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Bind the silo to every interface (containers) instead of the advertised address only.</summary>
    public bool ListenOnAnyAddress { get; set; }

    /// <summary>Take the pod's name and address from Kubernetes (Orleans' Kubernetes hosting) instead of <see cref="AdvertisedAddress"/>.</summary>
    public bool Kubernetes { get; set; }

    /// <summary>
    /// How long a node waits for a probe's answer from another; a node missing
    /// <see cref="MissedProbesLimit"/> probes in a row is suspected, and declared dead when a second node agrees.
    /// </summary>
    public double ProbeTimeoutSeconds { get; set; } = 2;

    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>
    /// How often a node's indexes look every row in Redis over, besides taking in the rows the nodes
    /// tell them of: the bound on how long a line stays unlisted when its node died between storing
    /// it and telling the others. A look-over lists keys with <c>SCAN</c>: about 5 s of Redis' one
    /// thread over 6 million keys, so each node's two indexes cost about 0.3 % of it at 60 minutes (1.7 % at 10).
    /// </summary>
    public double IndexLookOverMinutes { get; set; } = 60;
}

/// <summary>How long cached reads (public view, manager figures, catalogue, working calendar) may lag behind a change.</summary>
public sealed class CacheOptions
{
    public double PublicViewSeconds { get; set; } = 5;
    public double MetricsSeconds { get; set; } = 30;
    public double CatalogSeconds { get; set; } = 300;

    /// <summary>How long a node answers working-day questions from its copy of the calendar before it reads the calendar grain again.</summary>
    public double CalendarSeconds { get; set; } = 10;
}

public sealed class RealtimeOptions
{
    /// <summary>Browser origins besides the server's own that may open the hub.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    public int CallsPerSecond { get; set; } = 20;

    public int Burst { get; set; } = 40;

    /// <summary>Hub calls per user and second across all of that user's connections on a node.</summary>
    public int UserCallsPerSecond { get; set; } = 40;

    public int UserBurst { get; set; } = 80;

    /// <summary>How often the node looks for hub connections whose account was disabled or whose token expired, and closes them.</summary>
    public double SessionCheckSeconds { get; set; } = 2;

    /// <summary>How often this node renews its relay's watches (and catches up rooms that restarted).</summary>
    public double RelayRenewSeconds { get; set; } = Consult.Realtime.RelayTimings.RenewEvery.TotalSeconds;
}

public sealed class DemoOptions
{
    /// <summary>Seeds demo users and cases; on in Development (the README's run), off otherwise.</summary>
    public bool Enabled { get; set; }

    public string Password { get; set; } = "consult-demo";
}

/// <summary>The first administrator, created at start-up when missing. No default password exists.</summary>
public sealed class AdminOptions
{
    public string? UserName { get; set; }
    public string? Password { get; set; }
}

public sealed class SiloOptions
{
    public int Port { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// Embedded mode with several local nodes (tests, a trial): the silo port of the first node,
    /// which the others join. Unset for a single node.
    /// </summary>
    public int? PrimaryPort { get; set; }

    /// <summary>
    /// How long a stopping node may take to hand its grains over (deactivate them, leave the
    /// cluster) before the host gives up. Above Orleans' 30 s deactivation timeout.
    /// </summary>
    public int ShutdownSeconds { get; set; } = 60;

    /// <summary>
    /// How many grains' places (which node holds them) a node remembers. Orleans' default of
    /// 1,000,000 sets aside about 19 MB of the heap at start, a third of an idle node's. A node
    /// calls far fewer grains than that; past the size, the least recently called are looked up again.
    /// </summary>
    public int DirectoryCacheSize { get; set; } = 100_000;
}

public sealed class MaterialOptions
{
    /// <summary>
    /// Folder of the content-addressed materials; <c>{DataPath}/materials</c> when empty. In Cluster
    /// mode every node must see the same folder (a mounted volume), so it must be set.
    /// </summary>
    public string? Path { get; set; }

    public long MaxBytes { get; set; } = 20 * 1024 * 1024;
}

public sealed class TokenOptions
{
    public int LifetimeMinutes { get; set; } = 12 * 60;

    /// <summary>Overrides <see cref="LifetimeMinutes"/> when set (tests of expiry).</summary>
    public int? LifetimeSeconds { get; set; }

    public TimeSpan Lifetime => LifetimeSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(LifetimeMinutes);
}

/// <summary>Limits on REST requests (ASP.NET Core's rate limiter) and on guessing passwords.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Writes (POST, PUT, DELETE under /api) per signed-in user and second, with bursts up to <see cref="WriteBurst"/>.</summary>
    public int WritesPerSecond { get; set; } = 10;

    public int WriteBurst { get; set; } = 40;

    /// <summary>Anonymous requests (tracking links, record checks) per client address and minute.</summary>
    public int AnonymousPerMinute { get; set; } = 120;

    /// <summary>The applicant's supplement uploads (<c>POST /track/{token}/materials</c>) per client address and minute.</summary>
    public int SupplementUploadsPerMinute { get; set; } = 10;

    /// <summary>Failed sign-ins of one user name within <see cref="LockoutMinutes"/> that lock it for <see cref="LockoutMinutes"/>.</summary>
    public int LockoutFailures { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 5;
}
