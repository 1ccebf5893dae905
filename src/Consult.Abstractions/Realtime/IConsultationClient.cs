using Consult.Cases;
using Consult.Departments;
using Consult.Rooms;

namespace Consult.Realtime;

/// <summary>What the hub sends to its clients (the method names are the contract's).</summary>
public interface IConsultationClient
{
    Task RoomEvent(RoomEvent roomEvent);

    Task CaseUpdated(PublicCaseView view);

    Task Invitation(Invitation invitation);
}
