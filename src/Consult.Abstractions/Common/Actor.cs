namespace Consult.Common;

/// <summary>
/// Who is asking, as the host authenticated them. Grains trust it (they are not reachable from
/// outside the host) and enforce their rules with it.
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.actor")]
public sealed record Actor(
    [property: Id(0)] string UserName,
    [property: Id(1)] string Role,
    [property: Id(2)] string? Department)
{
    /// <summary>
    /// The person's display name when they acted (e.g. "综合窗口 王敏"), recorded into what they do so
    /// records stay as they were even if the name changes later; null for automatic actions and
    /// for actors stored before names were recorded.
    /// </summary>
    [Id(3)]
    public string? DisplayName { get; init; }

    public bool IsManager => Role == Roles.Manager;
    public bool IsWindow => Role == Roles.Window;
    public bool IsAdmin => Role == Roles.Admin;
    public bool IsDepartment => Role == Roles.Department;
    public bool IsApplicant => Role == Roles.Applicant;

    /// <summary>The applicant, acting through the tracking link (no account).</summary>
    public static Actor Applicant { get; } = new("applicant", Roles.Applicant, null);

    /// <summary>Staff who can see every case: window officers, managers, admins.</summary>
    public bool IsStaff => IsWindow || IsManager || IsAdmin;
}
