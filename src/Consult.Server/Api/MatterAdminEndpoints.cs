using System.Collections.Immutable;
using Consult.Catalog;
using Consult.Server.Admin;
using Consult.Server.ApiReference;
using Consult.Server.Auth;

namespace Consult.Server.Api;

/// <summary>The matter catalogue for administrators (<c>/admin/matters</c>): add, edit, and every version kept.</summary>
public static class MatterAdminEndpoints
{
    public static void MapMatterAdminEndpoints(this RouteGroupBuilder api)
    {
        var matters = api.MapGroup("/admin/matters").RequireAuthorization().WithTags("Administration");

        matters.MapGet("/", async (HttpContext http, MatterAdmin admin) => await admin.List(http.User.ToActor()))
            .WithName("ListAdminMatters").WithSummary("The matters as they are now, each with its version (administrators)")
            .Produces<ImmutableArray<Matter>>().Refuses(StatusCodes.Status403Forbidden);

        matters.MapGet("/{code}", async (string code, HttpContext http, MatterAdmin admin) => await admin.Get(http.User.ToActor(), code))
            .WithName("GetAdminMatter").WithSummary("A matter as it is now, with its version: the baseVersion of the next edit (administrators)")
            .Produces<Matter>().Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        matters.MapGet("/{code}/versions", async (string code, HttpContext http, MatterAdmin admin) => await admin.Versions(http.User.ToActor(), code))
            .WithName("ListMatterVersions").WithSummary("Every version of a matter, oldest first, with who saved it and when (administrators)")
            .Produces<ImmutableArray<MatterRevision>>().Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        matters.MapPost("/", async (MatterRequest request, HttpContext http, MatterAdmin admin) =>
        {
            var added = await admin.Add(http.User.ToActor(), request.ToMatter());
            return Results.Created($"/api/v1/admin/matters/{added.Code}", added);
        }).WithName("AddMatter").WithSummary("Add a matter: its version 1 (administrators)")
            .Produces<Matter>(StatusCodes.Status201Created).Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict);

        matters.MapPut("/{code}", async (string code, MatterRequest request, HttpContext http, MatterAdmin admin) =>
        {
            var actor = http.User.ToActor();
            var current = await admin.Get(actor, code);
            return await admin.Edit(actor, code, request.ToMatter(current.Stages) with { Code = code }, request.BaseVersion);
        }).WithName("EditMatter").WithSummary("Save a matter as its next version, made from baseVersion (a newer one saved meanwhile is 409); cases and rooms keep the version they opened with (administrators)")
            .Produces<Matter>().Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }
}
