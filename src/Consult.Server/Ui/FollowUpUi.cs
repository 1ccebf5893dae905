using System.Collections.Immutable;
using Consult.Cases;
using Consult.Common;
using Consult.Server.Auth;
using Consult.Server.Hosting;
using Consult.Server.Materials;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace Consult.Server.Ui;

/// <summary>What the pages may do with follow-up tasks (现场落实), as the signed-in user; the same grain calls as the REST routes.</summary>
public sealed class FollowUpUi(
    AuthenticationStateProvider authentication,
    CurrentActors actors,
    IGrainFactory grains,
    FileMaterialStore materials,
    IOptions<ConsultOptions> options,
    TimeProvider time)
{
    public async Task<ImmutableArray<FollowUpTask>> Tasks(Guid caseId) => await Case(caseId).Tasks(await Actor());

    /// <summary>Marks a task done with a note and, optionally, a photo kept in the material store (checked before it is stored).</summary>
    public async Task<FollowUpTask> MarkDone(Guid caseId, int taskId, string? note, string? photoName, string? contentType, Stream? photo, CancellationToken cancellationToken)
    {
        var actor = await Actor();
        var grain = Case(caseId);
        await grain.EnsureCanMarkDone(actor, taskId);
        MaterialInfo? material = null;
        if (photo is not null)
        {
            var name = Path.GetFileName(photoName ?? "");
            TextRules.Require(name, "file name", 200);
            var (sha, size) = await materials.Save(photo, options.Value.Materials.MaxBytes, cancellationToken);
            material = new MaterialInfo(name, size, sha, string.IsNullOrEmpty(contentType) ? "application/octet-stream" : contentType, actor.UserName, time.GetUtcNow());
        }

        return await grain.MarkDone(actor, taskId, note, material);
    }

    public async Task<CaseView> Complete(Guid caseId, string? reason) => await Case(caseId).Complete(await Actor(), reason);

    /// <summary>The open tasks of the signed-in representative's department.</summary>
    public async Task<ImmutableArray<OpenFollowUp>> MyOpenTasks()
    {
        var actor = await Actor();
        return actor.Department is { } department ? await grains.GetGrain<IFollowUpIndexGrain>(0).Open(department) : [];
    }

    /// <summary>The supervision list of tasks past due (managers, admins).</summary>
    public async Task<ImmutableArray<OpenFollowUp>> OverdueTasks()
    {
        var actor = await Actor();
        if (!actor.IsManager && !actor.IsAdmin)
            throw ConsultException.Forbidden("Only managers read the supervision list.");
        return await grains.GetGrain<IFollowUpIndexGrain>(0).Overdue();
    }

    public long MaxPhotoBytes => options.Value.Materials.MaxBytes;

    private ICaseFollowUpGrain Case(Guid caseId) => grains.GetGrain<ICaseFollowUpGrain>(caseId);

    private async Task<Actor> Actor() => await actors.Require((await authentication.GetAuthenticationStateAsync()).User);
}
