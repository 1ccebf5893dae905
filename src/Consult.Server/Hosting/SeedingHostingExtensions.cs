namespace Consult.Server.Hosting;

public static class SeedingHostingExtensions
{
    /// <summary>Registered after the silo, so the grains are up when it runs.</summary>
    public static WebApplicationBuilder AddConsultSeeding(this WebApplicationBuilder builder)
    {
        builder.Services.AddHostedService<AccountSeeder>();
        return builder;
    }
}
