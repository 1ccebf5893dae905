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
            failures.Add($"{P}:Mode=Cluster is not yet available in this build; use Embedded.");
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
        if (options.Hub.AllowedOrigins.Any(o => !Uri.TryCreate(o, UriKind.Absolute, out _)))
            failures.Add($"{P}:Hub:AllowedOrigins must be absolute origins such as https://consult.example.gov.cn.");
        if (options.Hub.RelayRenewSeconds <= 0 || options.Hub.RelayRenewSeconds > Consult.Realtime.RelayTimings.Expiry.TotalSeconds / 2)
            failures.Add($"{P}:Hub:RelayRenewSeconds must be positive and at most half of {Consult.Realtime.RelayTimings.Expiry.TotalSeconds} s.");
        if (options.Materials.MaxBytes <= 0)
            failures.Add($"{P}:Materials:MaxBytes must be positive.");
        if (options.Tokens.LifetimeMinutes is < 5 or > 7 * 24 * 60)
            failures.Add($"{P}:Tokens:LifetimeMinutes must be between 5 and 10080.");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
