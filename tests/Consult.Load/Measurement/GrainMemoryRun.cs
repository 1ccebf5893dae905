using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Consult.Common;
using Consult.Load.Baselines;
using Consult.Server.Hosting;

namespace Consult.Load.Measurement;

/// <summary>
/// S5: N cases registered through REST (their grains activated once), every idle activation then
/// deactivated, then each case read again (reactivated from storage). The managed heap after a forced GC
/// and the silo's activation count are read from the server (<c>Consult:Diagnostics:Enabled</c>) between
/// the phases. No SignalR connection is open.
/// </summary>
public sealed class GrainMemoryRun(LoadSettings settings, Baseline baseline, TextWriter log)
{
    public sealed record Figures(
        Baseline Baseline, int Cases, TimeSpan CreateTime, TimeSpan ReactivateTime,
        long HeapIdle, long HeapCreated, long HeapDeactivated, long HeapReactivated,
        int ActivationsIdle, int ActivationsCreated, int ActivationsDeactivated, int ActivationsReactivated, int Errors,
        RoomFigures? Rooms)
    {
        public double HeapPerCreatedCase => (HeapCreated - HeapIdle) / (double)Cases;

        public double HeapPerCreatedActivation => (HeapCreated - HeapIdle) / (double)Math.Max(1, ActivationsCreated - ActivationsIdle);

        public double HeapPerReactivatedCase => (HeapReactivated - HeapDeactivated) / (double)Cases;

        public double HeapPerReactivatedActivation => (HeapReactivated - HeapDeactivated) / (double)Math.Max(1, ActivationsReactivated - ActivationsDeactivated);
    }

    /// <summary>Consultations opened on some of the cases, deactivated, then each read again (its room grain reactivated).</summary>
    public sealed record RoomFigures(int Rooms, TimeSpan OpenTime, TimeSpan ReactivateTime, long HeapDeactivated, long HeapReactivated,
        int ActivationsDeactivated, int ActivationsReactivated, int Errors)
    {
        public double HeapPerReactivatedRoom => (HeapReactivated - HeapDeactivated) / (double)Rooms;

        public double HeapPerReactivatedActivation => (HeapReactivated - HeapDeactivated) / (double)Math.Max(1, ActivationsReactivated - ActivationsDeactivated);
    }

    public async Task<Figures> Execute(CancellationToken cancellation)
    {
        if (baseline is not (Baseline.B1 or Baseline.B2))
            throw new ArgumentException("S5 measures Consult's grains: --baselines B1 and/or B2.");
        log.WriteLine($"[{baseline} S5] starting the server");
        await using var server = await ServerProcess.StartConsult(settings.ServerDll, RoomSetup.Password, memoryStorage: baseline == Baseline.B1, settings.ServerGc);
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
        var token = await RoomSetup.SignIn(http, "window", cancellation);

        var (_, idle) = await Deactivate(http, cancellation);
        var heapIdle = await server.Heap(cancellation);

        log.WriteLine($"[{baseline} S5] registering {settings.Rooms} cases");
        var ids = new Guid[settings.Rooms];
        var errors = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, settings.Rooms, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellation }, async (i, ct) =>
            ids[i] = Guid.Parse(await RoomSetup.CreateCase(http, token, i, ct)));
        var createTime = clock.Elapsed;
        var heapCreated = await server.Heap(cancellation);

        var (created, deactivated) = await Deactivate(http, cancellation);
        var heapDeactivated = await server.Heap(cancellation);

        log.WriteLine($"[{baseline} S5] {created} activations after registering, {deactivated} after deactivation; reading every case again");
        clock.Restart();
        errors += await ReadAll(http, token, [.. ids.Select(id => $"/api/v1/cases/{id}")], cancellation);
        var reactivateTime = clock.Elapsed;
        var heapReactivated = await server.Heap(cancellation);
        var (reactivated, _) = await Deactivate(http, cancellation);

        var rooms = settings.IdleRooms > 0 ? await IdleRooms(server, http, token, ids[..Math.Min(settings.IdleRooms, ids.Length)], cancellation) : null;
        return new Figures(baseline, ids.Length, createTime, reactivateTime, heapIdle, heapCreated, heapDeactivated, heapReactivated,
            idle, created, deactivated, reactivated, errors, rooms);
    }

    private async Task<RoomFigures> IdleRooms(ServerProcess server, HttpClient http, string token, Guid[] cases, CancellationToken cancellation)
    {
        log.WriteLine($"[{baseline} S5] opening {cases.Length} consultations");
        var rooms = new string[cases.Length];
        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, cases.Length, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellation }, async (i, ct) =>
            rooms[i] = await RoomSetup.Post(http, token, $"/api/v1/cases/{cases[i]}/consultations", new { }, "roomId", ct)); // the matter's seats
        var openTime = clock.Elapsed;

        var (_, deactivated) = await Deactivate(http, cancellation);
        var heapDeactivated = await server.Heap(cancellation);
        log.WriteLine($"[{baseline} S5] {deactivated} activations after deactivation; reading every consultation again");
        clock.Restart();
        var errors = await ReadAll(http, token, [.. rooms.Select(id => $"/api/v1/consultations/{id}")], cancellation);
        var reactivateTime = clock.Elapsed;
        var heapReactivated = await server.Heap(cancellation);
        var (reactivated, _) = await Deactivate(http, cancellation);
        return new RoomFigures(rooms.Length, openTime, reactivateTime, heapDeactivated, heapReactivated, deactivated, reactivated, errors);
    }

    /// <summary>GETs every path, 4 in parallel (each reactivates its grain); answers how many failed.</summary>
    private static async Task<int> ReadAll(HttpClient http, string token, string[] paths, CancellationToken cancellation)
    {
        var errors = 0;
        await Parallel.ForAsync(0, paths.Length, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellation }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, paths[i]);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
                Interlocked.Increment(ref errors);
        });
        return errors;
    }

    private static async Task<(int Before, int After)> Deactivate(HttpClient http, CancellationToken cancellation)
    {
        using var response = await http.PostAsync(DiagnosticsHostingExtensions.DeactivatePath, null, cancellation);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<DeactivationDiagnostics>(ConsultJson.Options, cancellation)
            ?? throw new InvalidOperationException("The server sent no deactivation figures.");
        return (answer.ActivationsBefore, answer.ActivationsAfter);
    }
}
