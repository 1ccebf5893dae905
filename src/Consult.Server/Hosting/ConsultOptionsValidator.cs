using Microsoft.Extensions.Options;

namespace Consult.Server.Hosting;

/// <summary>Every message names the configuration key to fix.</summary>
public sealed class ConsultOptionsValidator : IValidateOptions<ConsultOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsultOptions options)
    {
        var failures = new List<string>();
        const string P = ConsultOptions.Section;

        if (!Enum.IsDefined(options.Mode))
            failures.Add($"{P}:Mode must be Embedded or Cluster.");
        if (options.Mode == ConsultMode.Cluster)
            ValidateCluster(options, failures);
        if (!Enum.IsDefined(options.Storage))
            failures.Add($"{P}:Storage must be Durable or Memory.");
        else if (options.Storage == GrainStorageKind.Memory && options.Mode != ConsultMode.Embedded)
            failures.Add($"{P}:Storage=Memory is for benchmarks of Embedded mode only; Cluster mode keeps grain state in Redis.");
        if (string.IsNullOrWhiteSpace(options.DataPath))
            failures.Add($"{P}:DataPath must name a folder.");
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            failures.Add($"{P}:TimeZone '{options.TimeZone}' is not a known time zone (e.g. Asia/Shanghai).");
        }

        if (options.PublicBaseUrl is { Length: > 0 } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
            failures.Add($"{P}:PublicBaseUrl must be an absolute URL.");
        if (options.Demo.Enabled && string.IsNullOrEmpty(options.Demo.Password))
            failures.Add($"{P}:Demo:Password must not be empty when {P}:Demo:Enabled is true.");
        if (!string.IsNullOrEmpty(options.Admin.UserName) && (options.Admin.Password?.Length ?? 0) < 8)
            failures.Add($"{P}:Admin:Password must have at least 8 characters when {P}:Admin:UserName is set.");
        if (options.Silo.Port is < 1 or > 65535)
            failures.Add($"{P}:Silo:Port must be a TCP port.");
        if (options.Silo.GatewayPort is < 1 or > 65535 || options.Silo.GatewayPort == options.Silo.Port)
            failures.Add($"{P}:Silo:GatewayPort must be a TCP port other than {P}:Silo:Port.");
        if (options.Silo.PrimaryPort is < 1 or > 65535)
            failures.Add($"{P}:Silo:PrimaryPort must be a TCP port.");
        if (options.Hub.CallsPerSecond < 1 || options.Hub.Burst < options.Hub.CallsPerSecond)
            failures.Add($"{P}:Hub:CallsPerSecond must be positive and {P}:Hub:Burst at least as large.");
        failures.AddRange(options.Video.Problems(P));
        if (options.Hub.AllowedOrigins.Any(o => !Uri.TryCreate(o, UriKind.Absolute, out _)))
            failures.Add($"{P}:Hub:AllowedOrigins must be absolute origins such as https://consult.example.gov.cn.");
        if (options.Hub.RelayRenewSeconds <= 0 || options.Hub.RelayRenewSeconds > Consult.Realtime.RelayTimings.Expiry.TotalSeconds / 2)
            failures.Add($"{P}:Hub:RelayRenewSeconds must be positive and at most half of {Consult.Realtime.RelayTimings.Expiry.TotalSeconds} s.");
        if (options.Silo.ShutdownSeconds is < 5 or > 3600)
            failures.Add($"{P}:Silo:ShutdownSeconds must be between 5 and 3600.");
        if (options.Silo.DirectoryCacheSize is < 1_000 or > 10_000_000)
            failures.Add($"{P}:Silo:DirectoryCacheSize must be between 1000 and 10000000.");
        if (new[] { options.Cache.PublicViewSeconds, options.Cache.MetricsSeconds, options.Cache.CatalogSeconds }.Any(s => s is <= 0 or > 3600))
            failures.Add($"{P}:Cache:PublicViewSeconds, MetricsSeconds and CatalogSeconds must be between 0 and 3600 (exclusive of 0).");
        if (options.Cache.CalendarSeconds is <= 0 or > 3600)
            failures.Add($"{P}:Cache:CalendarSeconds must be between 0 and 3600 (exclusive of 0).");
        if (Consult.Calendar.WorkingHours.Parse(options.Centre.WorkingHours, out var hoursProblem) is null)
            failures.Add($"{P}:Centre:WorkingHours: {hoursProblem} Write periods in order, such as 08:30-12:00,13:30-17:30.");
        if (string.IsNullOrWhiteSpace(options.Centre.Name) || options.Centre.Name.Length > 100)
            failures.Add($"{P}:Centre:Name must be the centre's name (1 to 100 characters).");
        if (options.Centre.Phone is { Length: > 40 })
            failures.Add($"{P}:Centre:Phone must be at most 40 characters.");
        if (options.SignInPerMinute < 1)
            failures.Add($"{P}:SignInPerMinute must be positive.");
        if (options.Materials.MaxBytes <= 0)
            failures.Add($"{P}:Materials:MaxBytes must be positive.");
        if (options.Tokens.LifetimeMinutes is < 5 or > 7 * 24 * 60)
            failures.Add($"{P}:Tokens:LifetimeMinutes must be between 5 and 10080.");
        if (options.Tokens.LifetimeSeconds is < 5 or > 7 * 24 * 3600)
            failures.Add($"{P}:Tokens:LifetimeSeconds must be between 5 and 604800 when set.");
        var limits = options.RateLimits;
        if (limits.WritesPerSecond < 1 || limits.WriteBurst < limits.WritesPerSecond || limits.AnonymousPerMinute < 1 || limits.SupplementUploadsPerMinute < 1)
            failures.Add($"{P}:RateLimits:WritesPerSecond, AnonymousPerMinute and SupplementUploadsPerMinute must be positive and {P}:RateLimits:WriteBurst at least WritesPerSecond.");
        if (limits.LockoutFailures < 1 || limits.LockoutMinutes is < 1 or > 1440)
            failures.Add($"{P}:RateLimits:LockoutFailures must be positive and LockoutMinutes between 1 and 1440.");
        if (options.Hub.UserCallsPerSecond < 1 || options.Hub.UserBurst < options.Hub.UserCallsPerSecond)
            failures.Add($"{P}:Hub:UserCallsPerSecond must be positive and {P}:Hub:UserBurst at least as large.");
        if (options.Hub.SessionCheckSeconds is <= 0 or > 10)
            failures.Add($"{P}:Hub:SessionCheckSeconds must be above 0 and at most 10 (connections of disabled accounts close within 10 s).");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateCluster(ConsultOptions options, List<string> failures)
    {
        const string P = ConsultOptions.Section;
        const string Redis = ConsultOptions.RedisConnectionKey;
        if (string.IsNullOrWhiteSpace(options.RedisConnectionString))
            failures.Add($"{Redis} must be set when {P}:Mode=Cluster (e.g. 127.0.0.1:6379,password=…).");
        else if (RedisConnection.TryParse(options.RedisConnectionString, out var error) is null)
            failures.Add($"{Redis} cannot be read: {error}");
        if (string.IsNullOrWhiteSpace(options.Materials.Path))
            failures.Add($"{P}:Materials:Path must name a folder every node shares (a mounted volume) when {P}:Mode=Cluster.");
        if (options.Silo.PrimaryPort is not null)
            failures.Add($"{P}:Silo:PrimaryPort is for local Embedded nodes; in Cluster mode nodes find each other in Redis: remove it.");
        var cluster = options.Cluster;
        if (!IsName(cluster.ServiceId))
            failures.Add($"{P}:Cluster:ServiceId must be 1 to 64 letters, digits, '-' or '_'.");
        if (!IsName(cluster.ClusterId))
            failures.Add($"{P}:Cluster:ClusterId must be 1 to 64 letters, digits, '-' or '_'.");
        if (!cluster.Kubernetes && Uri.CheckHostName(cluster.AdvertisedAddress) == UriHostNameType.Unknown)
            failures.Add($"{P}:Cluster:AdvertisedAddress must be an IP address or a host name other nodes can reach.");
        if (cluster.ProbeTimeoutSeconds is < 0.5 or > 60)
            failures.Add($"{P}:Cluster:ProbeTimeoutSeconds must be between 0.5 and 60.");
        if (cluster.IndexLookOverMinutes is < 0.1 or > 1440)
            failures.Add($"{P}:Cluster:IndexLookOverMinutes must be between 0.1 and 1440.");
        if (cluster.MissedProbesLimit is < 1 or > 10)
            failures.Add($"{P}:Cluster:MissedProbesLimit must be between 1 and 10.");
    }

    private static bool IsName(string value) =>
        value is { Length: > 0 and <= 64 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
