using Microsoft.Extensions.Options;

namespace Consult.Server.Records;

public static class RecordsHostingExtensions
{
    /// <summary>The joint record: its font (checked at start-up when configured), the PDF writer, the reader.</summary>
    public static WebApplicationBuilder AddConsultRecords(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidateOptions<RecordOptions>, RecordOptionsValidator>();
        builder.Services.AddOptions<RecordOptions>().BindConfiguration(RecordOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<RecordFont>();
        builder.Services.AddSingleton<JointRecordPdf>();
        builder.Services.AddSingleton<JointRecords>();
        return builder;
    }

    /// <summary>Looks for the font at start-up, so a server without one says so before anyone asks for a PDF.</summary>
    public static WebApplication UseConsultRecords(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() => app.Services.GetRequiredService<RecordFont>());
        return app;
    }
}
