using System.Collections.Immutable;

namespace Consult.Load.Measurement;

/// <summary>A room and the connections that join it.</summary>
public sealed record RoomPlan(Guid RoomId, ImmutableArray<MemberPlan> Members);

/// <summary>One connection: who it signs in as, and the department it decides for (null: read-only).</summary>
public sealed record MemberPlan(string UserName, string? Department, string? AccessToken);
