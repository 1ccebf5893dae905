using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Consult.Load.Baselines;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Consult.Load.Measurement;

/// <summary>
/// Blazor circuits without a browser (<c>--board-client thin</c>): each board is one connection to
/// <c>/_blazor</c> that speaks Blazor's own protocol as <c>blazor.web.js</c> does (the page is fetched
/// with the person's cookie, its prerendered root components are started in a circuit with
/// <c>StartCircuit</c> and <c>UpdateRootComponents</c>, every render batch is acknowledged with
/// <c>OnRenderCompleted</c>, every JS call answered), but renders nothing: the server's side of a
/// circuit is exactly what a window's page costs it, and the client's side costs a few microseconds
/// per batch instead of a Chromium renderer on the server's two cores.
/// </summary>
/// <remarks>
/// A board update is seen when a render batch first carries a measured decision's comment (its
/// strings are UTF-8 in the batch's string table), at the moment the batch arrives. JS calls are
/// answered as a page that has nothing to report would: a void or JSON call with <c>null</c>, the
/// board's <c>watchList</c>/<c>watchNarrow</c> with a watch id, and <c>watchNarrow</c> is followed by
/// the page's report that it is a desk's (not narrow), as <c>room.js</c> sends at once; the
/// discussion list's visibility is not reported. An object reference is refused (the board asks for
/// one only when a person starts the call). Any call the answers do not satisfy
/// shows as a circuit error, which the run reports.
/// </remarks>
public sealed partial class ThinBoards : IBoardClients
{
    private readonly Uri _server;
    private readonly Guid _roomId;
    private readonly string _userName;
    private readonly CookieContainer _cookies;
    private readonly HttpClient _http;
    private readonly List<Circuit> _circuits = [];

    private ThinBoards(Uri server, Guid roomId, string userName, CookieContainer cookies, HttpClient http)
    {
        _server = server;
        _roomId = roomId;
        _userName = userName;
        _cookies = cookies;
        _http = http;
    }

    public int Count => _circuits.Count;

    /// <summary>Circuit errors (<c>JS.Error</c>, failed batches) over every board.</summary>
    public IReadOnlyList<string> Errors => [.. _circuits.SelectMany(c => c.Errors)];

    /// <summary>Signs in through the sign-in form as <paramref name="userName"/> and opens one board, not counted (as <see cref="BoardPages.Start"/>).</summary>
    public static async Task<ThinBoards> Start(Uri server, Guid roomId, string userName)
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = server };
        var boards = new ThinBoards(server, roomId, userName, cookies, http);
        try
        {
            var login = await http.GetStringAsync("/login");
            var token = AntiforgeryField().Match(login) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
                : throw new InvalidOperationException("The sign-in page has no antiforgery token.");
            using var signIn = await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["userName"] = userName,
                ["password"] = RoomSetup.Password,
                ["returnUrl"] = "/",
                ["__RequestVerificationToken"] = token,
            }));
            if (signIn.StatusCode != HttpStatusCode.Redirect || signIn.Headers.Location?.OriginalString != "/")
                throw new InvalidOperationException($"Signing in as {userName} through the form failed: {(int)signIn.StatusCode} {signIn.Headers.Location}");
            await boards.OpenOne();
            return boards;
        }
        catch
        {
            await boards.DisposeAsync();
            throw;
        }
    }

    public async Task Open(int count)
    {
        for (var i = 0; i < count; i++)
            _circuits.Add(await OpenOne());
    }

    private async Task<Circuit> OpenOne()
    {
        var circuit = new Circuit(_server, _roomId, _userName, _cookies, _http);
        await circuit.Start();
        return circuit;
    }

    public Task<BoardFigures> Latencies(DecisionLedger ledger, int sent, Func<long, double> unixMsAt) =>
        Task.FromResult(BoardFigures.Of(ledger, sent, _circuits.Count, Sightings(),
            (id, arrived) => Stopwatch.GetElapsedTime(ledger.ScheduledAt(id), arrived).TotalMilliseconds));

    /// <summary>Every counted board's first sighting of each comment, with its <see cref="Stopwatch"/> timestamp.</summary>
    public IEnumerable<(string Comment, long At)> Sightings() => _circuits.SelectMany(c => c.Seen).Select(s => (s.Key, s.Value));

    public async ValueTask DisposeAsync()
    {
        await Parallel.ForEachAsync(_circuits, async (c, _) => await c.DisposeAsync());
        _http.Dispose();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>A prerendered root component's start marker: <c>&lt;!--Blazor:{"type":"server",…}--&gt;</c> (end markers have no type).</summary>
    [GeneratedRegex("<!--Blazor:(\\{\"type\":.*?\\})-->")]
    private static partial Regex ComponentMarker();

    [GeneratedRegex("<!--Blazor-Server-Component-State:([a-zA-Z0-9+/=]+)-->")]
    private static partial Regex ApplicationState();

    /// <summary>A measured comment as the board shows it (the same pattern as the Chromium pages' observer).</summary>
    [GeneratedRegex("[a-z]+:[0-9]+")]
    private static partial Regex Comment();

    /// <summary>One board: its own circuit on its own connection.</summary>
    private sealed class Circuit(Uri server, Guid roomId, string userName, CookieContainer cookies, HttpClient http) : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<string, long> _seen = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<string> _errors = new();
        private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly byte[] _seatMarker = Encoding.UTF8.GetBytes($"seat-{userName}");
        private HubConnection? _connection;
        private int _watches;
        private int _calls;

        public IEnumerable<KeyValuePair<string, long>> Seen => _seen;

        public IEnumerable<string> Errors => _errors;

        public async Task Start()
        {
            var page = await http.GetStringAsync($"/rooms/{roomId}");
            var markers = ComponentMarker().Matches(page).Select(m => JsonNode.Parse(m.Groups[1].Value)!.AsObject()).ToList();
            if (markers.Count == 0)
                throw new InvalidOperationException($"The board /rooms/{roomId} rendered no interactive component (signed in as {userName}?).");
            var state = ApplicationState().Match(page) is { Success: true } s ? s.Groups[1].Value : "";

            var builder = new HubConnectionBuilder()
                .WithUrl(new Uri(server, "/_blazor"), HttpTransportType.WebSockets, options => options.Cookies = cookies);
            builder.Services.AddSingleton<IHubProtocol>(new BlazorPackProtocol());
            _connection = builder.Build();
            _connection.On<long, byte[]>("JS.RenderBatch", OnRenderBatch);
            _connection.On("JS.BeginInvokeJS", [typeof(long), typeof(string), typeof(string), typeof(int), typeof(long), typeof(int)], OnInvokeJs);
            _connection.On<string>("JS.Error", error =>
            {
                _errors.Enqueue(error);
                _ready.TrySetException(new InvalidOperationException($"The board's circuit failed: {error}"));
            });
            await _connection.StartAsync();

            var secret = await _connection.InvokeAsync<string?>("StartCircuit", server.ToString(), new Uri(server, $"/rooms/{roomId}").ToString(), "[]", state);
            if (string.IsNullOrEmpty(secret))
                throw new InvalidOperationException("The server refused to start the board's circuit.");
            var operations = new JsonArray([.. markers.Select((marker, i) =>
            {
                marker["uniqueId"] = i;
                return (JsonNode)new JsonObject { ["type"] = "add", ["ssrComponentId"] = i + 1, ["marker"] = marker };
            })]);
            await _connection.SendAsync("UpdateRootComponents", new JsonObject { ["batchId"] = 1, ["operations"] = operations }.ToJsonString(), state);
            await _ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }

        private async Task OnRenderBatch(long batchId, byte[] batch)
        {
            Note(batch, Stopwatch.GetTimestamp());
            if (batch.AsSpan().IndexOf(_seatMarker) >= 0)
                _ready.TrySetResult();
            await _connection!.SendAsync("OnRenderCompleted", batchId, null);
        }

        /// <summary>
        /// Notes the measured comments a batch carries, first arrival only. The strings of a batch are UTF-8; the rest
        /// decodes as noise the pattern does not match. Decoded into a pooled buffer and matched as spans, so that only
        /// a comment seen for the first time makes a string: a string of every whole batch made this process, which also
        /// holds the hub clients whose p99 the boards' run compares, collect eight times in a window with 50 boards
        /// (once without them), and each of its pauses delays the deliveries it is receiving.
        /// </summary>
        private void Note(byte[] batch, long arrived)
        {
            var buffer = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(batch.Length));
            try
            {
                ReadOnlySpan<char> text = buffer.AsSpan(0, Encoding.UTF8.GetChars(batch, buffer));
                var seen = _seen.GetAlternateLookup<ReadOnlySpan<char>>();
                foreach (var match in Comment().EnumerateMatches(text))
                {
                    var comment = text.Slice(match.Index, match.Length);
                    if (!seen.ContainsKey(comment))
                        seen.TryAdd(comment, arrived);
                }
            }
            finally
            {
                ArrayPool<char>.Shared.Return(buffer);
            }
        }

        private async Task OnInvokeJs(object?[] arguments)
        {
            var (handle, identifier, argsJson, resultType) = ((long)arguments[0]!, (string)arguments[1]!, (string?)arguments[2], (int)arguments[3]!);
            // JSCallResultType: 0 JSON, 1 an object reference, 2 a stream reference, 3 nothing.
            var (succeeded, result) = identifier switch
            {
                _ when resultType is 1 or 2 => (false, (JsonNode?)JsonValue.Create($"{identifier}: no browser here")),
                "consultRoom.watchList" or "consultRoom.watchNarrow" => (true, JsonValue.Create(Interlocked.Increment(ref _watches))),
                "mudpopoverHelper.countProviders" => (true, JsonValue.Create(1)),
                _ => (true, null),
            };
            if (handle != 0)
                await _connection!.SendAsync("EndInvokeJSFromDotNet", handle, succeeded, new JsonArray(handle, succeeded, result).ToJsonString());
            // The board's layout waits for the page to say how wide it is: a desk's (room.js reports at once).
            if (identifier == "consultRoom.watchNarrow" && JsonNode.Parse(argsJson ?? "[]")?[0]?["__dotNetObject"]?.GetValue<long>() is { } board)
                await _connection!.SendAsync("BeginInvokeDotNetFromJS", Interlocked.Increment(ref _calls).ToString(CultureInfo.InvariantCulture), null, "NarrowChanged", board, "[false]");
        }

        public async ValueTask DisposeAsync()
        {
            if (_connection is not null)
                await _connection.DisposeAsync();
        }
    }

    /// <summary>Blazor's hub protocol is SignalR's MessagePack protocol under the name <c>blazorpack</c>.</summary>
    private sealed class BlazorPackProtocol : IHubProtocol
    {
        private readonly MessagePackHubProtocol _inner = new();

        public string Name => "blazorpack";

        public int Version => _inner.Version;

        public Microsoft.AspNetCore.Connections.TransferFormat TransferFormat => _inner.TransferFormat;

        public bool IsVersionSupported(int version) => _inner.IsVersionSupported(version);

        public bool TryParseMessage(ref System.Buffers.ReadOnlySequence<byte> input, Microsoft.AspNetCore.SignalR.IInvocationBinder binder, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HubMessage? message) =>
            _inner.TryParseMessage(ref input, binder, out message);

        public void WriteMessage(HubMessage message, System.Buffers.IBufferWriter<byte> output) => _inner.WriteMessage(message, output);

        public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _inner.GetMessageBytes(message);
    }
}
