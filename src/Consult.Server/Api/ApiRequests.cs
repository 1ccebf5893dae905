using System.Collections.Immutable;
using Consult.Cases;
using Consult.Rooms;

namespace Consult.Server.Api;

public sealed record CreateCaseResponse(Guid CaseId, string CaseNumber, string TrackingToken, string TrackingUrl);

/// <summary>
/// <c>departments</c> (codes, the contract's form) or <c>seats</c> (codes with roles); neither
/// means the matter's defaults. <c>meetingLink</c>: an external meeting's https address (optional).
/// </summary>
public sealed record OpenConsultationRequest(
    ImmutableArray<string>? Departments = null,
    ImmutableArray<SeatRequest>? Seats = null,
    DateTimeOffset? ScheduledAt = null,
    DateTimeOffset? Deadline = null,
    string? MeetingLink = null);

public sealed record OpenConsultationResponse(Guid RoomId);

public sealed record InvitationRequest(string Department, SeatRole? Role = null);

/// <summary><c>url</c>: the external meeting's https address; null or blank removes the link.</summary>
public sealed record MeetingLinkRequest(string? Url);

public sealed record CloseRequest(string Statement, long? ExpectedSeq = null);

public sealed record ExtendDeadlineRequest(DateTimeOffset Deadline, string Reason);

/// <summary><c>departments</c>: the seats to remind (codes); absent means every seat of the room.</summary>
public sealed record RemindRequest(ImmutableArray<string>? Departments = null);

public sealed record WithdrawRequest(string Reason);

public sealed record TrackingLinkResponse(string TrackingToken, string TrackingUrl);

public sealed record CasePage(ImmutableArray<CaseSummary> Items, int Page, int PageSize, int Total);

public sealed record ExtensionRequest(string Reason);

public sealed record ResubmissionRequest(string? Note = null);

public sealed record OverdueCasesResponse(int Count, ImmutableArray<OverdueCase> Items);

/// <summary><c>reason</c>: why the case is completed by hand; required while follow-up tasks are open.</summary>
public sealed record CompleteRequest(string? Reason = null);

public sealed record TaskDoneRequest(string? Note = null);

public sealed record OpenTasksResponse(int Count, ImmutableArray<OpenFollowUp> Items);
