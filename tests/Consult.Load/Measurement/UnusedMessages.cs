using System.Text.Json;
using Consult.Realtime;
using Microsoft.AspNetCore.SignalR.Client;

namespace Consult.Load.Measurement;

/// <summary>
/// The hub's messages a load client has no use for. A SignalR client with no handler for a method
/// fails to bind each such message, an exception apiece: in S7, where a room opens every 0.6 s and
/// each of its departments' ~1,000 connected representatives is told of the invitation, that was
/// 5,000 exceptions a second in the tool, in bursts of 3,000 beside the decisions it times.
/// </summary>
public static class UnusedMessages
{
    private static readonly string[] Methods =
        [HubContract.Presence, HubContract.Invitation, HubContract.CaseUpdated, HubContract.CallMembers];

    /// <summary>Reads and drops them (one handler each that does nothing).</summary>
    public static void Drop(HubConnection connection)
    {
        foreach (var method in Methods)
            connection.On<JsonElement>(method, static _ => { });
    }
}
