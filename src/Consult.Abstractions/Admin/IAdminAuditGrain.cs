using System.Collections.Immutable;

namespace Consult.Admin;

/// <summary>
/// The administrators' changes of one year (key <c>yyyy</c>, the change's year in UTC): users,
/// the working calendar, notification settings. Append-only; read newest first.
/// </summary>
[Alias("consult.admin-audit-grain")]
public interface IAdminAuditGrain : IGrainWithStringKey
{
    [Alias("append")]
    Task Append(AdminAuditEntry entry);

    [Alias("list")]
    Task<ImmutableArray<AdminAuditEntry>> List();

    public static string KeyFor(DateTimeOffset at) => at.UtcDateTime.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// One administrator's change: who, when, what (<see cref="Area"/> such as <c>users</c>,
/// <see cref="Subject"/> such as the user name, <see cref="Action"/> such as <c>disable</c>) and the
/// thing before and after as JSON (null where there was none, or none is kept: never a password).
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.admin-audit-entry")]
public sealed record AdminAuditEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Actor,
    [property: Id(2)] string? ActorName,
    [property: Id(3)] string Area,
    [property: Id(4)] string Subject,
    [property: Id(5)] string Action,
    [property: Id(6)] string? Before,
    [property: Id(7)] string? After);
