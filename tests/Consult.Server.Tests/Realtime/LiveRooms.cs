using System.Net;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Realtime;

/// <summary>A room opened by the window officer over the API, for hub tests.</summary>
internal static class LiveRooms
{
    /// <summary>A new case and its room with <paramref name="departments"/> invited; the case's tracking token too.</summary>
    public static async Task<(Guid CaseId, Guid RoomId, string Tracking)> Open(LiveNode node, params string[] departments)
    {
        var window = await node.Http("window");
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var room = await (await window.Post($"/api/v1/cases/{created["caseId"]}/consultations", new { departments })).Json(HttpStatusCode.Created);
        return (Guid.Parse((string)created["caseId"]!), Guid.Parse((string)room["roomId"]!), (string)created["trackingToken"]!);
    }
}
