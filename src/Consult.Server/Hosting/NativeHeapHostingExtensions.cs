namespace Consult.Server.Hosting;

/// <summary>The node's native heap kept from growing with what it frees (<see cref="NativeHeapTrimmer"/>).</summary>
public static class NativeHeapHostingExtensions
{
    public static WebApplicationBuilder AddConsultNativeHeapTrim(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<NativeHeapTrimmer>();
        builder.Services.AddHostedService(services => services.GetRequiredService<NativeHeapTrimmer>());
        return builder;
    }
}
