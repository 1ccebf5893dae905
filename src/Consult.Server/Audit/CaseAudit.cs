using System.Globalization;
using System.Text;
using System.Text.Json;
using Consult.Cases;
using Consult.Common;
using Consult.Rooms;

namespace Consult.Server.Audit;

/// <summary>
/// A case's audit export (staff only): every timeline entry and every event of every room, in the
/// order they happened, as JSON Lines or as CSV. Both are written field by field in a fixed order
/// from what the grains keep, with nothing of the moment of reading, so a case that no longer
/// changes exports the same bytes every time.
/// </summary>
public sealed class CaseAudit(IGrainFactory grains)
{
    public const string JsonLinesType = "application/jsonl; charset=utf-8";
    public const string CsvType = "text/csv; charset=utf-8";

    public async Task<(string CaseNumber, IReadOnlyList<AuditLine> Lines)> Read(Actor actor, Guid caseId)
    {
        if (!actor.IsStaff)
            throw ConsultException.Forbidden("Only staff export a case's audit trail.");
        var theCase = await grains.GetGrain<ICaseGrain>(caseId).Get(actor);
        var lines = theCase.Timeline
            .Select((t, i) => (Order: (Kind: 0, Room: 0, Index: (long)i), Line: new AuditLine("timeline", t.At, theCase.CaseNumber, t.RoomId, null, t.Type, t.Actor, t.Detail, null, t.ActorName)))
            .ToList();
        for (var room = 0; room < theCase.Rooms.Length; room++)
        {
            var events = await grains.GetGrain<IConsultationGrain>(theCase.Rooms[room]).GetEvents(actor, 0);
            lines.AddRange(events.Select(e => (Order: (Kind: 1, Room: room, Index: e.Seq),
                Line: new AuditLine("room", e.At, theCase.CaseNumber, e.RoomId, e.Seq, e.Type, e.Actor, null, Readable(e.Payload), e.ActorName))));
        }

        // By time; at the same instant the case's own steps first, then the rooms in order and by seq.
        return (theCase.CaseNumber, [.. lines.OrderBy(l => l.Line.At.UtcTicks).ThenBy(l => l.Order).Select(l => l.Line)]);
    }

    /// <summary>One JSON object per line, UTF-8 without a byte-order mark, each line ending in <c>\n</c>.</summary>
    public static byte[] JsonLines(IEnumerable<AuditLine> lines)
    {
        using var buffer = new MemoryStream();
        foreach (var line in lines)
        {
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Relaxed.Encoder }))
            {
                json.WriteStartObject();
                json.WriteString("source", line.Source);
                json.WriteString("at", Time(line.At));
                json.WriteString("caseNumber", line.CaseNumber);
                if (line.RoomId is { } roomId)
                    json.WriteString("roomId", roomId);
                else
                    json.WriteNull("roomId");
                if (line.Seq is { } seq)
                    json.WriteNumber("seq", seq);
                else
                    json.WriteNull("seq");
                json.WriteString("type", line.Type);
                json.WriteString("actor", line.Actor);
                json.WriteString("actorName", line.ActorName);
                json.WriteString("detail", line.Detail);
                json.WritePropertyName("payload");
                if (line.Payload is { } payload)
                    json.WriteRawValue(payload);
                else
                    json.WriteNullValue();
                json.WriteEndObject();
            }

            buffer.WriteByte((byte)'\n');
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// A header row, then one row per line (the room event's payload as its JSON text in <c>detail</c>);
    /// UTF-8 with a byte-order mark, so that Excel opens the Chinese text as such.
    /// </summary>
    public static byte[] Csv(IEnumerable<AuditLine> lines) =>
        Api.CsvFile.Write(["source", "at", "caseNumber", "roomId", "seq", "type", "actor", "detail", "actorName"], lines, line =>
        [
            line.Source,
            Time(line.At),
            line.CaseNumber,
            line.RoomId?.ToString() ?? "",
            line.Seq?.ToString(CultureInfo.InvariantCulture) ?? "",
            line.Type,
            line.Actor,
            line.Payload ?? line.Detail ?? "",
            line.ActorName ?? "",
        ]);

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The payload as JSON with its Chinese text as such (not <c>\uXXXX</c>), for a person reading the export.</summary>
    private static string Readable(string payload) => System.Text.Json.Nodes.JsonNode.Parse(payload)?.ToJsonString(Relaxed) ?? "null";

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
