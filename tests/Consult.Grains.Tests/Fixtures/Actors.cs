using Consult.Common;

namespace Consult.Grains.Tests.Fixtures;

public static class Actors
{
    public static readonly Actor Window = new("window", Roles.Window, null);
    public static readonly Actor Window2 = new("window2", Roles.Window, null);
    public static readonly Actor Manager = new("manager", Roles.Manager, null);
    public static readonly Actor Admin = new("admin", Roles.Admin, null);

    public static Actor Rep(string department) => new(department, Roles.Department, department);
}
