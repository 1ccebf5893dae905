namespace Consult.Load.Measurement;

/// <summary>
/// What the tool reads of a <c>CastDecision</c> answer: its seq. The server still writes the room's whole snapshot (the
/// contract), but the clients bind only this, so that reading it costs the tool, which shares the server's cores, no
/// document of the snapshot per decision: with <c>JsonElement</c> it collected 16-17 times in B2's windows against 10
/// in the bare hub's (2026-12-03), each collection a pause of every client.
/// </summary>
public sealed record AnswerSeq(long Seq);
