namespace Consult.Common;

/// <summary>The role claim values of DESIGN.md's users.</summary>
public static class Roles
{
    public const string Window = "window";
    public const string Department = "department";
    public const string Manager = "manager";
    public const string Admin = "admin";

    /// <summary>The applicant behind a tracking link: never an account's role (not in <see cref="All"/>).</summary>
    public const string Applicant = "applicant";

    public static readonly IReadOnlyList<string> All = [Window, Department, Manager, Admin];
}
