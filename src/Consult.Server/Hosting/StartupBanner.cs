using Consult.Catalog;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Consult.Server.Hosting;

public static partial class StartupBanner
{

    /// <summary>Prints where the server listens and, in demo mode, how to sign in.</summary>
    public static void LogStartupBanner(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Consult");
            var options = app.Services.GetRequiredService<IOptions<ConsultOptions>>().Value;
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            LogListening(logger, string.Join(", ", addresses), options.Mode, options.DataFolder(app.Environment));
            if (options.Demo.Enabled)
            {
                var departments = string.Join(", ", CatalogFile.Load().Departments.Select(d => d.Code));
                LogDemo(logger, string.Join(", ", AccountSeeder.DemoStaff.Select(s => s.UserName)), departments, options.Demo.Password);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consult is listening on {Addresses} (mode {Mode}, data in {DataFolder})")]
    private static partial void LogListening(ILogger logger, string addresses, ConsultMode mode, string dataFolder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo mode. Accounts: {Staff}; department representatives: {Departments}. Password: {Password}")]
    private static partial void LogDemo(ILogger logger, string staff, string departments, string password);
}
