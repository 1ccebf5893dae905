using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Consult.Server.Tests.Fixtures;

namespace Consult.PowerCut.Tests;

/// <summary>
/// What the restarted server shows against what it acknowledged before the cut. Findings are
/// collected, not thrown, so that a run reports all it found: lost (an acknowledged write absent),
/// changed (present but different), half-done (a write nobody saw acknowledged left visible in
/// part) and late (a durable reminder that did not deliver in time).
/// </summary>
public sealed class Verification(ServerProcess server, string password, Ledger ledger)
{
    public Ledger Ledger => ledger;

    private static readonly TimeSpan ReminderWait = TimeSpan.FromSeconds(60);

    public List<AckedItem> Lost { get; } = [];
    public List<string> Changed { get; } = [];
    public List<string> HalfDone { get; } = [];
    public List<string> Late { get; } = [];
    public int RoomsChecked { get; private set; }
    public int CasesChecked { get; private set; }

    public async Task Run()
    {
        using var window = await server.SignIn("window", password);
        // First what only a durable reminder can do: nothing else wakes a closed room, and the
        // rooms and cases are not read before, so no activation delivers what the reminder owes.
        await ClosesReachTheirCases(window);
        await InboxesListTheirRooms();
        await AcknowledgedRooms(window);
        await AcknowledgedCases(window);
        await NothingHalfDone(window);
    }

    private async Task ClosesReachTheirCases(HttpClient window)
    {
        foreach (var close in ledger.Closes)
        {
            var delivered = await Eventually(async () =>
            {
                var view = await window.Get($"/api/v1/cases/{close.CaseId}");
                return view["timeline"]!.AsArray().Any(t => (string?)t!["type"] == "consultationClosed" && (string?)t["roomId"] == close.RoomId.ToString());
            });
            if (!delivered)
                Late.Add($"case {close.CaseId} never learnt that room {close.RoomId} closed");
        }
    }

    private async Task InboxesListTheirRooms()
    {
        var closed = ledger.Closes.Select(c => c.RoomId).ToHashSet();
        foreach (var department in WorkloadShape.Departments)
        {
            var expected = ledger.Rooms.Where(r => r.Departments.Contains(department) && !closed.Contains(r.RoomId)).Select(r => r.RoomId.ToString()).ToHashSet();
            if (expected.Count == 0)
                continue;
            using var client = await server.SignIn(department, password);
            HashSet<string> listed = [];
            var complete = await Eventually(async () =>
            {
                listed = (await client.Get($"/api/v1/departments/{department}/invitations")).AsArray().Select(i => (string)i!["roomId"]!).ToHashSet();
                return expected.IsSubsetOf(listed);
            });
            if (!complete)
                Late.Add($"{department}'s inbox misses {expected.Except(listed).Count()} of its {expected.Count} rooms");
        }
    }

    private async Task AcknowledgedRooms(HttpClient window)
    {
        foreach (var room in ledger.Rooms)
        {
            var response = await window.GetAsync($"/api/v1/consultations/{room.RoomId}");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                Lost.Add(new AckedItem("opening", room.At, $"room {room.RoomId}"));
                Lost.AddRange(ledger.Events.Where(e => e.RoomId == room.RoomId).Select(e => new AckedItem(e.Kind, e.At, $"{e.Text} at seq {e.Seq}")));
                continue;
            }

            var snapshot = await response.Json(HttpStatusCode.OK);
            if ((string?)snapshot["caseId"] != room.CaseId.ToString())
                Changed.Add($"room {room.RoomId} belongs to case {snapshot["caseId"]}, acknowledged for {room.CaseId}");
            var events = await Log(window, room.RoomId);
            foreach (var acked in ledger.Events.Where(e => e.RoomId == room.RoomId))
            {
                var stored = events.FirstOrDefault(e => (long)e["seq"]! == acked.Seq);
                if (stored is null)
                {
                    Lost.Add(new AckedItem(acked.Kind, acked.At, $"{acked.Text} at seq {acked.Seq} of room {room.RoomId}"));
                    continue;
                }

                var type = (string?)stored["type"];
                if (type != (acked.Kind == "decision" ? "decisionCast" : "messagePosted"))
                {
                    // Not the acknowledged write at all: it was lost, and its seq was taken after the
                    // restart by an event the system wrote (a materialsUpdated the case's outbox
                    // delivered again, a clock reminder). Counted as lost; "always" allows none.
                    Lost.Add(new AckedItem(acked.Kind, acked.At, $"{acked.Text} at seq {acked.Seq} of room {room.RoomId} (the seq now holds {type})"));
                    continue;
                }

                var text = acked.Kind == "decision" ? (string?)stored["payload"]!["comment"] : (string?)stored["payload"]!["text"];
                if (text != acked.Text || (acked.Department is not null && (string?)stored["payload"]!["department"] != acked.Department))
                    Changed.Add($"seq {acked.Seq} of room {room.RoomId} holds {stored.ToJsonString()}, acknowledged as {acked.Text}");
            }

            if (ledger.Closes.Any(c => c.RoomId == room.RoomId) && (string?)snapshot["status"] != "closed")
                Lost.Add(new AckedItem("close", room.At, $"room {room.RoomId} is {snapshot["status"]}"));
            RoomsChecked++;
        }
    }

    private async Task AcknowledgedCases(HttpClient window)
    {
        foreach (var acked in ledger.Cases)
        {
            var response = await window.GetAsync($"/api/v1/cases/{acked.CaseId}");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                Lost.Add(new AckedItem("registration", acked.At, $"case {acked.CaseNumber}"));
                continue;
            }

            var view = await response.Json(HttpStatusCode.OK);
            if ((string?)view["caseNumber"] != acked.CaseNumber)
                Changed.Add($"case {acked.CaseId} has number {view["caseNumber"]}, acknowledged as {acked.CaseNumber}");
            var rooms = view["rooms"]!.AsArray().Select(r => (string)r!).ToHashSet();
            foreach (var room in ledger.Rooms.Where(r => r.CaseId == acked.CaseId && !rooms.Contains(r.RoomId.ToString())))
                Lost.Add(new AckedItem("opening", room.At, $"case {acked.CaseNumber} does not know its room {room.RoomId}"));
            foreach (var material in ledger.Materials.Where(m => m.CaseId == acked.CaseId))
                await CheckMaterial(window, view, material);
            CasesChecked++;
        }
    }

    private async Task CheckMaterial(HttpClient window, JsonNode view, AckedMaterial material)
    {
        if (!view["materials"]!.AsArray().Any(m => (string?)m!["sha256"] == material.Sha256))
        {
            Lost.Add(new AckedItem("upload", material.At, $"material {material.Sha256[..12]} of case {view["caseNumber"]}"));
            return;
        }

        using var response = await window.GetAsync($"/api/v1/cases/{view["caseId"]}/materials/{material.Sha256}");
        if (!response.IsSuccessStatusCode)
        {
            Lost.Add(new AckedItem("upload", material.At, $"material {material.Sha256[..12]}: the case lists it, its file answers {(int)response.StatusCode}"));
            return;
        }

        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (bytes.Length != material.Size || Convert.ToHexStringLower(SHA256.HashData(bytes)) != material.Sha256)
            Changed.Add($"material {material.Sha256[..12]} served {bytes.Length} bytes that do not hash to its name");
    }

    /// <summary>
    /// Every case the server lists has a number of its own; every room a case knows exists and
    /// names that case, with a gapless log; every room in an inbox exists and its case knows it.
    /// </summary>
    private async Task NothingHalfDone(HttpClient window)
    {
        var numbers = new Dictionary<string, string>();
        for (var page = 1; ; page++)
        {
            var listing = await window.Get($"/api/v1/cases?pageSize=100&page={page}");
            var items = listing["items"]!.AsArray();
            foreach (var item in items)
            {
                var caseId = (string)item!["caseId"]!;
                var number = (string?)item["caseNumber"];
                if (string.IsNullOrWhiteSpace(number))
                    HalfDone.Add($"case {caseId} is listed without a number");
                else if (!numbers.TryAdd(number, caseId) && numbers[number] != caseId)
                    HalfDone.Add($"number {number} is given to cases {numbers[number]} and {caseId}");
                var view = await window.GetAsync($"/api/v1/cases/{caseId}");
                if (!view.IsSuccessStatusCode)
                {
                    HalfDone.Add($"case {caseId} is listed but answers {(int)view.StatusCode}");
                    continue;
                }

                foreach (var roomId in (await view.Json(HttpStatusCode.OK))["rooms"]!.AsArray().Select(r => (string)r!))
                    await RoomOfCase(window, caseId, roomId);
            }

            if (items.Count < 100)
                break;
        }

        foreach (var department in WorkloadShape.Departments)
        {
            using var client = await server.SignIn(department, password);
            foreach (var line in (await client.Get($"/api/v1/departments/{department}/invitations")).AsArray())
            {
                var caseView = await window.GetAsync($"/api/v1/cases/{line!["caseId"]}");
                if (!caseView.IsSuccessStatusCode
                    || !(await caseView.Json(HttpStatusCode.OK))["rooms"]!.AsArray().Any(r => (string?)r == (string?)line["roomId"]))
                    HalfDone.Add($"{department}'s inbox lists room {line["roomId"]}, which no case knows");
            }
        }
    }

    private async Task RoomOfCase(HttpClient window, string caseId, string roomId)
    {
        var response = await window.GetAsync($"/api/v1/consultations/{roomId}");
        if (!response.IsSuccessStatusCode)
        {
            HalfDone.Add($"case {caseId} knows room {roomId}, which answers {(int)response.StatusCode}");
            return;
        }

        if ((string?)(await response.Json(HttpStatusCode.OK))["caseId"] != caseId)
            HalfDone.Add($"room {roomId} of case {caseId} names another case");
        await Log(window, Guid.Parse(roomId));
    }

    /// <summary>The room's whole log; a gap in it is a finding.</summary>
    private async Task<List<JsonNode>> Log(HttpClient client, Guid roomId)
    {
        var events = new List<JsonNode>();
        while (true)
        {
            var after = events.Count == 0 ? 0 : (long)events[^1]["seq"]!;
            var batch = (await client.Get($"/api/v1/consultations/{roomId}/events?afterSeq={after}")).AsArray();
            if (batch.Count == 0)
                break;
            events.AddRange(batch.Select(e => e!));
        }

        for (var i = 0; i < events.Count; i++)
        {
            if ((long)events[i]["seq"]! != i + 1)
            {
                HalfDone.Add($"room {roomId}'s log has a gap: seq {events[i]["seq"]} at position {i + 1}");
                break;
            }
        }

        return events;
    }

    private static async Task<bool> Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + ReminderWait;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
                return true;
            await Task.Delay(250);
        }

        return false;
    }
}

/// <summary>An acknowledged write missing after the cut, with when it was acknowledged.</summary>
public sealed record AckedItem(string Kind, TimeSpan At, string What);
