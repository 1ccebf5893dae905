using Consult.Common;
using Consult.Server.ApiReference;
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
        builder.Services.AddSingleton<Materials.SupplementUploads>();
        builder.Services.AddSingleton<TrackingRatings>();
        builder.Services.AddSingleton<CalendarReader>();
        builder.Services.AddSingleton<Audit.CaseAudit>();
        builder.Services.AddSingleton<Admin.AdminAudit>();
        builder.Services.AddSingleton<Admin.AccountAdmin>();
        builder.Services.AddSingleton<Admin.DepartmentAdmin>();
        builder.Services.AddSingleton<Admin.MatterAdmin>();
        return builder;
    }

    public static WebApplication UseConsultApi(this WebApplication app)
    {
        app.UseConsultRequestGuards();
        app.UseExceptionHandler();
        // A person's browser at an unknown page gets a page in their language (still 404);
        // programs, and anything under /api, get problem details with the contract's code.
        app.UseWhen(IsPageRequest, pages => pages.UseStatusCodePagesWithReExecute("/not-found"));
        app.UseWhen(context => !IsPageRequest(context), others => others.UseStatusCodePages());
        // Routing after the status-code pages, so a re-executed request is routed to its page.
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>A browser asking for a page: HTML accepted, and not an API, hub or framework address.</summary>
    private static bool IsPageRequest(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method)
        && !context.Request.Path.StartsWithSegments("/api")
        && !context.Request.Path.StartsWithSegments("/hubs")
        && !context.Request.Path.StartsWithSegments("/_framework")
        && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    public static WebApplication MapConsultApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").DocumentSharedRefusals();
        api.MapAuthEndpoints();
        api.MapCatalogEndpoints();
        api.MapCalendarEndpoints();
        api.MapCaseEndpoints();
        api.MapConsultationEndpoints();
        api.MapDepartmentEndpoints();
        api.MapTrackingEndpoints();
        api.MapRecordEndpoints();
        api.MapFollowUpEndpoints();
        api.MapRatingEndpoints();
        api.MapAuditEndpoints();
        api.MapMetricsEndpoints();
        api.MapAdminEndpoints();
        api.MapMatterAdminEndpoints();
        api.MapNotificationEndpoints();
        api.MapClusterEndpoints();
        return app;
    }
}
