using System.Collections.Immutable;

namespace Consult.Departments;

/// <summary>A department's inbox (key: department code): its rooms still open.</summary>
[Alias("consult.department-grain")]
public interface IDepartmentGrain : IGrainWithStringKey
{
    [Alias("upsert")]
    Task Upsert(Invitation invitation);

    [Alias("remove")]
    Task Remove(Guid roomId);

    [Alias("list")]
    Task<ImmutableArray<Invitation>> GetOpenInvitations();
}
