using Consult.Common;
using Consult.Rooms;
using Consult.Server.ApiReference;
using Consult.Server.Auth;

namespace Consult.Server.Api;

/// <summary>What operators ask of a running cluster: its members, and which node holds a room.</summary>
public static class ClusterEndpoints
{
    public static void MapClusterEndpoints(this RouteGroupBuilder api)
    {
        var cluster = api.MapGroup("/admin/cluster").RequireAuthorization().WithTags("Administration");

        cluster.MapGet("/", async (HttpContext http, IGrainFactory grains, ILocalSiloDetails self) =>
        {
            RequireOperator(http);
            var members = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false);
            return new ClusterView(
                self.SiloAddress.ToString(),
                [.. members.OrderBy(m => m.SiloAddress.ToString(), StringComparer.Ordinal)
                    .Select(m => new ClusterMember(m.SiloAddress.ToString(), m.SiloName, m.Status.ToString()))]);
        }).WithName("GetCluster").WithSummary("This node's silo and the cluster's membership (administrators, managers)")
            .Refuses(StatusCodes.Status403Forbidden);

        cluster.MapGet("/rooms/{roomId:guid}", async (Guid roomId, HttpContext http, IGrainFactory grains) =>
        {
            RequireOperator(http);
            var silo = await grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grains.GetGrain<IConsultationGrain>(roomId));
            return new RoomPlacement(roomId, silo?.ToString());
        }).WithName("GetRoomPlacement").WithSummary("The silo holding a room's grain, null when it is not active (administrators, managers)")
            .Refuses(StatusCodes.Status403Forbidden);
    }

    private static void RequireOperator(HttpContext http)
    {
        var actor = http.User.ToActor();
        if (!actor.IsAdmin && !actor.IsManager)
            throw ConsultException.Forbidden("Only administrators and managers read the cluster's state.");
    }
}

/// <summary>The cluster as this node sees it; <c>self</c> is this node's silo.</summary>
public sealed record ClusterView(string Self, IReadOnlyList<ClusterMember> Silos);

public sealed record ClusterMember(string Address, string Name, string Status);

/// <summary>The silo holding the room's grain, or null when it is not active anywhere.</summary>
public sealed record RoomPlacement(Guid RoomId, string? Silo);
