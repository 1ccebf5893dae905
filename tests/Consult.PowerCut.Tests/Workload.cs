using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Consult.Server.Tests.Fixtures;

namespace Consult.PowerCut.Tests;

/// <summary>What the clients do until the cut: sizes of the load for one run.</summary>
public sealed record WorkloadShape(int Deciders = 3, int Messengers = 1, int Uploaders = 1, int UploadBytes = 64 * 1024, int Registrars = 1)
{
    public static readonly string[] Departments = ["road-admin", "traffic-police", "housing"];
}

/// <summary>
/// Several clients at once, each on its own connection: a window registering cases and opening
/// rooms, departments deciding and revising, messages, material uploads. Every 2xx answer goes
/// into the <see cref="Ledger"/>; failures (the server frozen, killed, or its disk gone) are not
/// acknowledgements and the client carries on until the run stops it.
/// </summary>
public sealed class Workload(ServerProcess server, string password, Ledger ledger, WorkloadShape shape)
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers = [];
    private int _sequence;

    public async Task Start()
    {
        var window = await server.SignIn("window", password);
        // A few rooms before the load starts, so that every kind of write has somewhere to go.
        for (var i = 0; i < 3; i++)
            await RegisterAndOpen(window, CancellationToken.None);
        for (var i = 0; i < shape.Registrars; i++)
            _workers.Add(Loop(await server.SignIn("window", password), RegisterAndOpen));
        foreach (var department in WorkloadShape.Departments.Take(shape.Deciders))
        {
            var client = await server.SignIn(department, password);
            _workers.Add(Loop(client, (c, t) => Decide(c, department, t)));
        }

        for (var i = 0; i < shape.Messengers; i++)
            _workers.Add(Loop(await server.SignIn("window", password), Message));
        for (var i = 0; i < shape.Uploaders; i++)
            _workers.Add(Loop(await server.SignIn("window", password), Upload));
    }

    /// <summary>Stops every client (after the cut: what is still in flight is not acknowledged).</summary>
    public async Task Stop()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
    }

    /// <summary>
    /// Registers a case, opens a room for the two required departments, both approve, and the
    /// window closes it; returns once the close is acknowledged (null if something was refused).
    /// </summary>
    public async Task<AckedClose?> CloseOne()
    {
        var window = await server.SignIn("window", password);
        var room = await RegisterAndOpenRoom(window, ["road-admin", "traffic-police"], CancellationToken.None);
        if (room is null)
            return null;
        ledger.Retire(room.RoomId);
        foreach (var department in room.Departments)
        {
            using var client = await server.SignIn(department, password);
            if (await Cast(client, room.RoomId, department, "approve", CancellationToken.None) is null)
                return null;
        }

        var closed = await window.Post($"/api/v1/consultations/{room.RoomId}/close", new { statement = "各部门同意，准予许可" });
        if (!closed.IsSuccessStatusCode)
            return null;
        var close = new AckedClose(room.CaseId, room.RoomId, ledger.Now);
        ledger.Closed(close);
        return close;
    }

    private Task Loop(HttpClient client, Func<HttpClient, CancellationToken, Task> step) => Task.Run(async () =>
    {
        using (client)
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    await step(client, _stop.Token);
                }
                catch (Exception) when (!_stop.IsCancellationRequested)
                {
                    // Refused, reset, timed out: not acknowledged. Try again after a breath.
                    await Task.Delay(50);
                }
                catch (Exception)
                {
                    return;
                }
            }
        }
    });

    private async Task RegisterAndOpen(HttpClient window, CancellationToken cancellationToken) =>
        await RegisterAndOpenRoom(window, WorkloadShape.Departments, cancellationToken);

    private async Task<AckedRoom?> RegisterAndOpenRoom(HttpClient window, string[] departments, CancellationToken cancellationToken)
    {
        var created = await Send(window, "/api/v1/cases", Contract.NewCase(), cancellationToken);
        if (created is null)
            return null;
        var caseId = Guid.Parse((string)created["caseId"]!);
        ledger.Cases.Add(new AckedCase(caseId, (string)created["caseNumber"]!, ledger.Now));
        var opened = await Send(window, $"/api/v1/cases/{caseId}/consultations", new { departments }, cancellationToken);
        if (opened is null)
            return null;
        var room = new AckedRoom(caseId, Guid.Parse((string)opened["roomId"]!), departments, ledger.Now);
        ledger.Opened(room);
        return room;
    }

    private async Task Decide(HttpClient client, string department, CancellationToken cancellationToken)
    {
        if (ledger.AnyOpenRoom() is not { } roomId)
        {
            await Task.Delay(20, cancellationToken);
            return;
        }

        await Cast(client, roomId, department, Interlocked.Increment(ref _sequence) % 3 == 0 ? "reject" : "approve", cancellationToken);
    }

    private async Task<AckedEvent?> Cast(HttpClient client, Guid roomId, string department, string outcome, CancellationToken cancellationToken)
    {
        var comment = $"{department} #{Interlocked.Increment(ref _sequence)}";
        var answer = await Send(client, $"/api/v1/consultations/{roomId}/decisions", Contract.Decision(department, outcome, comment), cancellationToken);
        if (answer is null)
            return null;
        var acked = new AckedEvent(roomId, (long)answer["seq"]!, "decision", department, comment, ledger.Now);
        ledger.Events.Add(acked);
        return acked;
    }

    private async Task Message(HttpClient client, CancellationToken cancellationToken)
    {
        if (ledger.AnyOpenRoom() is not { } roomId)
        {
            await Task.Delay(20, cancellationToken);
            return;
        }

        var text = $"消息 #{Interlocked.Increment(ref _sequence)}";
        var answer = await Send(client, $"/api/v1/consultations/{roomId}/messages", new { text, clientMessageId = Guid.NewGuid().ToString("N") }, cancellationToken);
        if (answer is not null)
            ledger.Events.Add(new AckedEvent(roomId, (long)answer["seq"]!, "message", null, text, ledger.Now));
    }

    private async Task Upload(HttpClient client, CancellationToken cancellationToken)
    {
        if (ledger.AnyCase() is not { } target)
        {
            await Task.Delay(20, cancellationToken);
            return;
        }

        var bytes = new byte[shape.UploadBytes];
        Random.Shared.NextBytes(bytes);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", $"施工方案-{Interlocked.Increment(ref _sequence)}.pdf");
        using var response = await client.PostAsync($"/api/v1/cases/{target.CaseId}/materials", form, cancellationToken);
        if (!response.IsSuccessStatusCode)
            return;
        var material = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        if ((string?)material["sha256"] != expected)
            throw new InvalidOperationException($"The server acknowledged {material["sha256"]} for bytes whose SHA-256 is {expected}.");
        ledger.Materials.Add(new AckedMaterial(target.CaseId, expected, bytes.Length, ledger.Now));
    }

    private static async Task<JsonNode?> Send(HttpClient client, string path, object body, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsJsonAsync(path, body, Consult.Common.ConsultJson.Options, cancellationToken);
        return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) : null;
    }
}
