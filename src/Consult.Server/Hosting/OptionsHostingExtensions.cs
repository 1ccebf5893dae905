using Microsoft.Extensions.Options;

namespace Consult.Server.Hosting;

public static class OptionsHostingExtensions
{
    /// <summary>
    /// Binds and validates <see cref="ConsultOptions"/>. Orleans is configured from them before the
    /// host is built, so they are also validated here, at once: a wrong value stops the server
    /// with a message naming its key, before anything starts.
    /// </summary>
    public static ConsultOptions AddConsultOptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidateOptions<ConsultOptions>, ConsultOptionsValidator>();
        builder.Services.AddOptions<ConsultOptions>()
            .BindConfiguration(ConsultOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) => options.RedisConnectionString = configuration[ConsultOptions.RedisConnectionKey])
            .ValidateOnStart();

        var options = builder.GetConsultOptions();
        var result = new ConsultOptionsValidator().Validate(null, options);
        if (result.Failed)
            throw new OptionsValidationException(ConsultOptions.Section, typeof(ConsultOptions), result.Failures);
        return options;
    }

    public static ConsultOptions GetConsultOptions(this WebApplicationBuilder builder)
    {
        var options = new ConsultOptions();
        builder.Configuration.GetSection(ConsultOptions.Section).Bind(options);
        options.RedisConnectionString = builder.Configuration[ConsultOptions.RedisConnectionKey];
        return options;
    }

    /// <summary>The data folder, resolved against the content root.</summary>
    public static string DataFolder(this ConsultOptions options, IHostEnvironment environment) =>
        Path.GetFullPath(options.DataPath, environment.ContentRootPath);

    /// <summary>The materials folder: the shared path in Cluster mode, under the data folder by default.</summary>
    public static string MaterialsFolder(this ConsultOptions options, IHostEnvironment environment) =>
        string.IsNullOrWhiteSpace(options.Materials.Path)
            ? Path.Combine(options.DataFolder(environment), "materials")
            : Path.GetFullPath(options.Materials.Path, environment.ContentRootPath);
}
