using System.Net;
using Consult.Hosting;
using Consult.Storage;
using Microsoft.AspNetCore.DataProtection;

namespace Consult.Server.Hosting;

public static class OrleansHostingExtensions
{
    /// <summary>Co-hosts the Orleans silo; the mode picks its providers.</summary>
    public static WebApplicationBuilder AddConsultOrleans(this WebApplicationBuilder builder)
    {
        var options = builder.GetConsultOptions();
        var dataFolder = options.DataFolder(builder.Environment);
        Directory.CreateDirectory(dataFolder);

        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(
                options.Silo.Port,
                options.Silo.GatewayPort,
                options.Silo.PrimaryPort is { } primary ? new IPEndPoint(IPAddress.Loopback, primary) : null,
                serviceId: "consult",
                clusterId: "consult");
            silo.AddSqliteGrainStorage(StorageNames.Consult, Path.Combine(dataFolder, "consult.db"));
            silo.Services.AddConsultGrains(options.TimeZone);
        });

        builder.Services.AddDataProtection()
            .SetApplicationName("Consult")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataFolder, "keys")));
        return builder;
    }
}
