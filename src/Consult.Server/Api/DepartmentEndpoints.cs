using Consult.Common;
using Consult.Departments;
using Consult.Server.ApiReference;
using Consult.Server.Auth;

namespace Consult.Server.Api;

public static class DepartmentEndpoints
{
    public static void MapDepartmentEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/departments/{code}/invitations", (string code, HttpContext http, IGrainFactory grains) =>
        {
            var actor = http.User.ToActor();
            if (!actor.IsStaff && actor.Department != code)
                throw ConsultException.Forbidden("A representative sees only their own department's inbox.");
            return grains.GetGrain<IDepartmentGrain>(code).GetOpenInvitations();
        }).RequireAuthorization().WithTags("Departments")
            .WithName("ListDepartmentInvitations").WithSummary("A department's inbox: its open rooms by deadline")
            .Refuses(StatusCodes.Status403Forbidden);
    }
}
