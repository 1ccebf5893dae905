using System.Text;
using System.Text.Json;
using Consult.Common;
using Consult.Records;
using Consult.Server.ApiReference;
using Consult.Server.Auth;
using Consult.Server.Records;

namespace Consult.Server.Api;

/// <summary>The joint record of a closed room (JSON with its hash, and PDF), and the public check of a hash.</summary>
public static class RecordEndpoints
{
    public static void MapRecordEndpoints(this RouteGroupBuilder api)
    {
        var room = api.MapGroup("/consultations/{roomId:guid}").RequireAuthorization().WithTags("Joint records");

        room.MapGet("/record", async (Guid roomId, HttpContext http, JointRecords records) =>
        {
            var kept = await records.Get(http.User.ToActor(), roomId);
            // The record's text is written as kept, byte for byte, so its hash can be checked on what was received.
            var envelope = $$"""{"sha256":{{JsonSerializer.Serialize(kept.Sha256)}},"verifyUrl":{{JsonSerializer.Serialize(records.VerifyUrl(kept.Sha256, BaseUrl(http)))}},"record":{{kept.Json}}}""";
            return Results.Text(envelope, "application/json", Encoding.UTF8);
        }).WithName("GetJointRecord").WithSummary("The joint record (联审纪要) of a closed room, with its hash")
            .Produces<JointRecordEnvelope>().Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        room.MapGet("/record.pdf", async (Guid roomId, HttpContext http, JointRecords records, JointRecordPdf pdf) =>
        {
            var kept = await records.Get(http.User.ToActor(), roomId);
            var bytes = pdf.Render(kept, records.VerifyUrl(kept.Sha256, BaseUrl(http)));
            return Results.File(bytes, "application/pdf", $"联审纪要-{kept.CaseNumber}.pdf");
        }).WithName("GetJointRecordPdf").WithSummary("The joint record of a closed room as PDF")
            .ProducesFile("application/pdf").Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        api.MapGet("/records/{sha256}", async (string sha256, JointRecords records) =>
            await records.Find(sha256) ?? throw ConsultException.NotFound("No joint record has this hash."))
            .AllowAnonymous().WithTags("Joint records")
            .WithName("VerifyJointRecord").WithSummary("Check a joint record's hash: the case, outcome and close time of the record that has it").Refuses(StatusCodes.Status404NotFound);
    }

    private static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
}

/// <summary>
/// <c>GET /consultations/{roomId}/record</c>: the record as kept, byte for byte (so <c>sha256</c> can
/// be checked on what was received), and where anyone checks it.
/// </summary>
public sealed record JointRecordEnvelope(string Sha256, string VerifyUrl, JointRecord Record);
