using System.Net;

namespace Consult.Server.Tests.Fixtures;

/// <summary>Room set-up on a <see cref="LiveNode"/> (kept apart from it: the E2E project shares LiveNode.cs without <see cref="Contract"/>).</summary>
public static class LiveNodeRooms
{
    /// <summary>A case registered at the window and a room opened for it with <paramref name="departments"/>; answers the room's id.</summary>
    public static async Task<Guid> OpenRoom(this LiveNode node, params string[] departments)
    {
        using var window = await node.Http("window");
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var room = await (await window.Post($"/api/v1/cases/{created["caseId"]}/consultations", new { departments })).Json(HttpStatusCode.Created);
        return Guid.Parse((string)room["roomId"]!);
    }
}
