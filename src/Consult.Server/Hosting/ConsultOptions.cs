namespace Consult.Server.Hosting;

/// <summary>The <c>Consult</c> configuration section.</summary>
public sealed class ConsultOptions
{
    public const string Section = "Consult";

    public ConsultMode Mode { get; set; } = ConsultMode.Embedded;

    /// <summary>Folder of the SQLite file, the materials and the data-protection keys; relative to the content root.</summary>
    public string DataPath { get; set; } = "./data";

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
}

public sealed class RealtimeOptions
{
    /// <summary>Browser origins besides the server's own that may open the hub.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    public int CallsPerSecond { get; set; } = 20;

    public int Burst { get; set; } = 40;

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
}

public sealed class MaterialOptions
{
    public long MaxBytes { get; set; } = 20 * 1024 * 1024;
}

public sealed class TokenOptions
{
    public int LifetimeMinutes { get; set; } = 12 * 60;
}
