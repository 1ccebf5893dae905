using System.Collections.Immutable;
using Consult.Realtime;

namespace Consult.Departments;

/// <summary>A department's inbox (key: department code): its rooms still open.</summary>
[Alias("consult.department-grain")]
public interface IDepartmentGrain : IGrainWithStringKey
{
    [Alias("upsert")]
    Task Upsert(Invitation invitation);

    [Alias("remove")]
    Task Remove(Guid roomId);

    /// <summary>Pushes new invitations to <paramref name="relay"/>, until unwatched or expired.</summary>
    [Alias("watch")]
    Task Watch(string nodeId, IRoomRelay relay);

    [Alias("unwatch")]
    Task Unwatch(string nodeId);

    [Alias("list")]
    Task<ImmutableArray<Invitation>> GetOpenInvitations();
}
