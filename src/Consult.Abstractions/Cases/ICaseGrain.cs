using Orleans.Concurrency;
using Consult.Common;
using Consult.Realtime;
using Consult.Rooms;

namespace Consult.Cases;

/// <summary>One applicant's case: its number, materials, status and rooms.</summary>
[Alias("consult.case-grain")]
public interface ICaseGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Registers the case; the same request again from the same officer answers the first result
    /// (a retry, also one that finishes a registration a failure interrupted), another one is a
    /// <c>conflict</c>.
    /// </summary>
    [Alias("register")]
    Task<CaseRegistered> Register(Actor actor, NewCase request);

    /// <summary>
    /// Finishes a registration a failure interrupted after its number was taken (the listing calls
    /// it for a pending line); true when the case is registered, false when nothing was reserved.
    /// </summary>
    [Alias("finish-registration")]
    Task<bool> FinishRegistration();

    [Alias("get")]
    Task<CaseView> Get(Actor actor);

    [Alias("material")]
    Task<MaterialInfo> AddMaterial(Actor actor, MaterialInfo material);

    /// <summary>Throws unless <paramref name="actor"/> may read the case's materials.</summary>
    [Alias("can-read")]
    Task EnsureCanRead(Actor actor);

    /// <summary>
    /// Opens the case's next room. With <see cref="Cases.OpenConsultation.IdempotencyKey"/>, the
    /// same request again from the same officer answers the room it opened; another request under
    /// that key is a <c>conflict</c>.
    /// </summary>
    [Alias("open-room")]
    Task<RoomSnapshot> OpenConsultation(Actor actor, OpenConsultation request);

    [Alias("withdraw")]
    Task<CaseView> Withdraw(Actor actor, string reason);

    [Alias("complete")]
    Task<CaseView> Complete(Actor actor);

    [Alias("renew-token")]
    Task<string> RenewTrackingToken(Actor actor);

    /// <summary>
    /// A window officer or a manager sends the applicant the tracking link (under
    /// <paramref name="publicBaseUrl"/>) by SMS, through the case's outbox and notifications like
    /// every SMS: <c>sms_not_configured</c> without a gateway; each call is one more message.
    /// </summary>
    [Alias("send-tracking-link")]
    Task<TrackingLinkSms> SendTrackingLink(Actor actor, string publicBaseUrl);

    /// <summary>
    /// A manager extends the statutory limit by 10 working days with a reason (行政许可法 Art. 42),
    /// once: a second extension, or one on a decided case, is a <c>conflict</c>.
    /// </summary>
    [Alias("extend-statutory")]
    Task<CaseView> ExtendStatutoryLimit(Actor actor, string reason);

    /// <summary>
    /// The applicant resubmitted what was asked: the statutory clock runs again, and the working days
    /// it stood do not count. A window officer records it (<c>POST /cases/{id}/resubmission</c>); the
    /// applicant's own upload calls it with <see cref="Actor"/> <c>applicant</c>. A <c>conflict</c>
    /// unless the clock is paused for a supplement.
    /// </summary>
    [Alias("resubmitted")]
    Task<CaseView> MaterialsResubmitted(Actor actor, string? note);

    /// <summary>
    /// The applicant's supplement through the tracking link: each file becomes the next version of
    /// the material it is named for, and the statutory clock runs again (as <see cref="MaterialsResubmitted"/>).
    /// <c>not_found</c> for a wrong token; a <c>conflict</c> unless a supplement is asked (its notice
    /// not yet answered).
    /// </summary>
    [Alias("submit-supplement")]
    Task<PublicCaseView> SubmitSupplement(string trackingToken, System.Collections.Immutable.ImmutableArray<MaterialInfo> materials);

    [Alias("public")]
    Task<PublicCaseView> GetPublicView(string trackingToken);

    // Called by the case's rooms.
    [Alias("room-invited")]
    Task OnDepartmentInvited(Guid roomId, string department);

    [Alias("room-progress")]
    Task OnRoomProgress(RoomSnapshot room);

    /// <summary>
    /// <see cref="OnRoomProgress"/> without an answer: a decision's progress for the case's
    /// followers, sent on the decision path, where the room need not wait for it (a lost one is
    /// made up by the next, and a follower gets the room afresh when it starts following).
    /// </summary>
    [OneWay, Alias("room-moved")]
    Task OnRoomMoved(RoomSnapshot room);

    [Alias("room-closed")]
    Task OnRoomClosed(RoomSnapshot room);

    /// <summary>Pushes the public view to <paramref name="relay"/> on every change, until unwatched or expired.</summary>
    [Alias("watch")]
    Task Watch(string nodeId, IRoomRelay relay);

    [Alias("unwatch")]
    Task Unwatch(string nodeId);
}
