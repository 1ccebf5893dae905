using System.Text.Json;
using Consult.Cases;
using Consult.Common;
using Consult.Server.ApiReference;
using Consult.Server.Auth;
using Consult.Server.Hosting;
using Consult.Server.Materials;
using Microsoft.Extensions.Options;

namespace Consult.Server.Api;

/// <summary>Follow-through (现场落实): a case's follow-up tasks, marking one done, completing by hand, and the open and overdue lists.</summary>
public static class FollowUpEndpoints
{
    public static void MapFollowUpEndpoints(this RouteGroupBuilder api)
    {
        var cases = api.MapGroup("/cases/{caseId:guid}").RequireAuthorization().WithTags("Follow-up tasks");

        cases.MapGet("/tasks", (Guid caseId, HttpContext http, IGrainFactory grains) =>
            grains.GetGrain<ICaseFollowUpGrain>(caseId).Tasks(http.User.ToActor()))
            .WithName("ListCaseTasks").WithSummary("The case's follow-up tasks, made from the conditions at close").Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        cases.MapPost("/tasks/{taskId:int}/done", async (Guid caseId, int taskId, HttpContext http, IGrainFactory grains, FileMaterialStore store, IOptions<ConsultOptions> options, TimeProvider time) =>
        {
            var actor = http.User.ToActor();
            var grain = grains.GetGrain<ICaseFollowUpGrain>(caseId);
            // Who may mark it is checked before a photo is stored.
            await grain.EnsureCanMarkDone(actor, taskId);
            string? note;
            MaterialInfo? material = null;
            if (http.Request.HasFormContentType)
            {
                var form = await MaterialUploads.ReadForm(http);
                note = form["note"].Count > 1 ? throw ConsultException.InvalidInput("Send one note.") : form["note"].FirstOrDefault();
                if (form.Files.Count > 1)
                    throw ConsultException.InvalidInput("Send at most one file with a task.");
                if (form.Files.Count == 1)
                    material = await MaterialUploads.Save(form.Files[0], actor, store, options.Value.Materials.MaxBytes, time, http.RequestAborted);
            }
            else
            {
                note = (await ReadJson(http))?.Note;
            }

            return await grain.MarkDone(actor, taskId, note, material);
        }).DisableAntiforgery()
            .WithName("MarkTaskDone").WithSummary("Mark a task done, with a note (JSON) or a note and one file (multipart); the last one completes a decided case")
            .DescribesBody<TaskDoneRequest>("application/json", required: false).DescribesBody<TaskDoneForm>("multipart/form-data", required: false).Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        cases.MapGet("/tasks/{taskId:int}/material", async (Guid caseId, int taskId, HttpContext http, IGrainFactory grains, FileMaterialStore store) =>
        {
            var tasks = await grains.GetGrain<ICaseFollowUpGrain>(caseId).Tasks(http.User.ToActor());
            var material = tasks.FirstOrDefault(t => t.TaskId == taskId)?.Material
                ?? throw ConsultException.NotFound("The task has no material.");
            var stream = await store.Open(material.Sha256, http.RequestAborted)
                ?? throw ConsultException.NotFound("The material's file is missing from the store or damaged.");
            return Results.File(stream, MaterialContentTypes.ForServing(material.ContentType), material.Name, enableRangeProcessing: true);
        }).WithName("GetTaskMaterial").WithSummary("The file sent with a task")
            .ProducesFile("application/octet-stream").Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        cases.MapPost("/complete", (Guid caseId, CompleteRequest? request, HttpContext http, IGrainFactory grains) =>
            grains.GetGrain<ICaseFollowUpGrain>(caseId).Complete(http.User.ToActor(), request?.Reason))
            .WithName("CompleteCase").WithSummary("Complete a decided case by hand; a reason is needed while tasks are open").Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        var tasks = api.MapGroup("/tasks").RequireAuthorization().WithTags("Follow-up tasks");

        tasks.MapGet("/", async (HttpContext http, IGrainFactory grains) =>
        {
            var actor = http.User.ToActor();
            if (!actor.IsStaff && !actor.IsDepartment)
                throw ConsultException.Forbidden("Only staff and departments read follow-up tasks.");
            var open = await grains.GetGrain<IFollowUpIndexGrain>(0).Open(actor.IsDepartment ? actor.Department : null);
            return new OpenTasksResponse(open.Length, open);
        }).WithName("ListOpenTasks").WithSummary("Open follow-up tasks (a department: its own)").Refuses(StatusCodes.Status403Forbidden);

        tasks.MapGet("/overdue", async (HttpContext http, IGrainFactory grains) =>
        {
            var actor = http.User.ToActor();
            if (!actor.IsManager && !actor.IsAdmin)
                throw ConsultException.Forbidden("Only managers read the supervision list.");
            var overdue = await grains.GetGrain<IFollowUpIndexGrain>(0).Overdue();
            return new OpenTasksResponse(overdue.Length, overdue);
        }).WithName("ListOverdueTasks").WithSummary("Follow-up tasks past due (managers)").Refuses(StatusCodes.Status403Forbidden);
    }

    /// <summary>An empty body is no note; a body that is not the JSON object asked for is <c>invalid_input</c>.</summary>
    private static async Task<TaskDoneRequest?> ReadJson(HttpContext http)
    {
        if (http.Request.ContentLength == 0 || (http.Request.ContentLength is null && http.Request.ContentType is null))
            return null;
        if (http.Request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            throw ConsultException.InvalidInput("Send the note as JSON ({\"note\": …}) or as multipart/form-data with an optional file.");
        try
        {
            return await http.Request.ReadFromJsonAsync<TaskDoneRequest>(ConsultJson.Options, http.RequestAborted);
        }
        catch (JsonException)
        {
            throw ConsultException.InvalidInput("The body is not the JSON object {\"note\": …}.");
        }
    }
}
