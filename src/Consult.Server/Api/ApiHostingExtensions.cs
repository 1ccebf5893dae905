using Consult.Common;
using Consult.Server.Caching;
using Consult.Server.Hosting;
using Consult.Server.Materials;
using Microsoft.AspNetCore.Http.Json;

namespace Consult.Server.Api;

public static class ApiHostingExtensions
{
    public static WebApplicationBuilder AddConsultApi(this WebApplicationBuilder builder)
    {
        var options = builder.GetConsultOptions();
        builder.Services.Configure<JsonOptions>(json => ConsultJson.Configure(json.SerializerOptions));
        // Unbindable requests throw, so the exception handler answers them with the contract's code.
        builder.Services.Configure<RouteHandlerOptions>(route => route.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
        {
            var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
            context.ProblemDetails.Extensions.TryAdd("code", ConsultExceptionHandler.CodeFor(status));
        });
        builder.Services.AddExceptionHandler<ConsultExceptionHandler>();
        builder.AddConsultRateLimits();
        var materialsFolder = options.MaterialsFolder(builder.Environment);
        builder.Services.AddSingleton(sp => new FileMaterialStore(materialsFolder, sp.GetRequiredService<ILogger<FileMaterialStore>>()));
        builder.Services.AddSingleton<CaseListing>();
        builder.Services.AddSingleton<CachedReads>();
        builder.Services.AddSingleton<CalendarReader>();
        builder.Services.AddSingleton<Audit.CaseAudit>();
        return builder;
    }

    public static WebApplication UseConsultApi(this WebApplication app)
    {
        app.UseConsultRequestGuards();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    public static WebApplication MapConsultApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1");
        api.MapAuthEndpoints();
        api.MapCatalogEndpoints();
        api.MapCalendarEndpoints();
        api.MapCaseEndpoints();
        api.MapConsultationEndpoints();
        api.MapDepartmentEndpoints();
        api.MapTrackingEndpoints();
        api.MapRecordEndpoints();
        api.MapFollowUpEndpoints();
        api.MapAuditEndpoints();
        api.MapMetricsEndpoints();
        api.MapAdminEndpoints();
        api.MapNotificationEndpoints();
        api.MapClusterEndpoints();
        return app;
    }
}
