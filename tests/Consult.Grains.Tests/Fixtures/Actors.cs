using Consult.Common;

namespace Consult.Grains.Tests.Fixtures;

/// <summary>The people of the tests, with display names as the host gives them (from their accounts).</summary>
public static class Actors
{
    public static readonly Actor Window = new("window", Roles.Window, null) { DisplayName = "综合窗口 王敏" };
    public static readonly Actor Window2 = new("window2", Roles.Window, null) { DisplayName = "综合窗口 李强" };
    public static readonly Actor Manager = new("manager", Roles.Manager, null) { DisplayName = "中心主任 陈静" };
    public static readonly Actor Admin = new("admin", Roles.Admin, null) { DisplayName = "系统管理员" };

    public static Actor Rep(string department) => new(department, Roles.Department, department) { DisplayName = $"{department} 代表" };
}
