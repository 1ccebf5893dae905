using System.Collections.Immutable;
using Consult.Common;
using Consult.Rooms;

namespace Consult.Records;

/// <summary>The matter of a <see cref="JointRecord"/>, with its names and legal basis as the catalogue gave them.</summary>
/// <remarks><see cref="Version"/>: the version of the matter the room opened with, whose name and legal basis these are (null: opened before matters had versions).</remarks>
public sealed record RecordMatter(string Code, LocalizedText Name, string? LegalBasis, int? Version = null);

/// <summary>The applicant as the public view shows them: the name masked (<c>王*</c>); never the phone or ID number.</summary>
public sealed record RecordApplicant(string Name, string? Organization);

/// <summary>
/// A seat of a <see cref="JointRecord"/>: its standing <see cref="Decision"/> and every decision the
/// seat recorded, in order (<see cref="Revisions"/>: revision 1, 2, …; the last one stands).
/// </summary>
public sealed record RecordSeat(
    string Department,
    LocalizedText Name,
    SeatRole Role,
    SeatStatus Status,
    DateTimeOffset InvitedAt,
    RecordDecision? Decision,
    ImmutableArray<RecordDecision> Revisions);

/// <summary>
/// One decision as recorded: <see cref="Comment"/> is the reason (the legal basis of a rejection,
/// what a supplement request asks for); <see cref="OnBehalf"/> marks one the convener recorded
/// after a phone call.
/// </summary>
public sealed record RecordDecision(
    int Revision,
    DecisionOutcome Outcome,
    string? Comment,
    ImmutableArray<string> Conditions,
    string DecidedBy,
    DateTimeOffset DecidedAt,
    bool OnBehalf,
    string? DecidedByName = null);

/// <summary>
/// A submitted material: its name, version and the SHA-256 of its bytes (hex), which identifies the
/// version seen; <see cref="FileName"/> the file as uploaded.
/// </summary>
public sealed record RecordMaterial(string Name, long Size, string Sha256, string ContentType, DateTimeOffset UploadedAt, int Version = 1, string? FileName = null);

/// <summary>An extension of the room's deadline: by whom, when, and why.</summary>
public sealed record RecordDeadlineExtension(DateTimeOffset Previous, DateTimeOffset Deadline, string Reason, string By, DateTimeOffset At, string? ByName = null);

/// <summary>
/// One person's part in the room's call (per user and department): <see cref="Seconds"/> in the call in
/// all, counted once where two of their connections overlapped, from their <c>callJoined</c> and
/// <c>callLeft</c> events (a join with no leave counts up to the close); <see cref="Joins"/> how often
/// they joined; <see cref="Name"/> their display name as recorded with their last join.
/// </summary>
public sealed record RecordCallParticipant(
    string UserName,
    string? Name,
    string? Department,
    long Seconds,
    int Joins,
    DateTimeOffset FirstJoinedAt,
    DateTimeOffset LastLeftAt);
