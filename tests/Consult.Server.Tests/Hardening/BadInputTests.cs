using System.Net;
using System.Text;
using System.Text.Json;
using Consult.Common;
using Consult.Realtime;
using Consult.Server.Tests.Fixtures;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Consult.Server.Tests.Hardening;

/// <summary>
/// Bad input over REST and the hub, one row each: the answer's status and contract code, and that
/// nothing changed (both cases, the room's seq and seats, the number of cases). Every finding of
/// the hardening issue about bad input is a row here (docs/security.md lists them).
/// </summary>
public sealed class BadInputTests(BadInputFixture fixture) : IClassFixture<BadInputFixture>
{
    private const string Nul = "\\u0000";
    private const string Rlo = "\\u202E";
    private const string Zwsp = "\\u200B\\u200C\\u200D";

    /// <param name="Body">JSON with {room}, {case}, {received} placeholders; null for no body.</param>
    /// <param name="ByKestrel">Kestrel itself answers (a NUL in the path), before the app: a status, no problem body.</param>
    public sealed record Row(string User, string Method, string Path, string? Body, HttpStatusCode Status, string Code, Func<HttpContent>? Content = null, bool ByKestrel = false);

    private static string Applicant(string name = "王五", string phone = "13912345678", string? organization = null, string? idNumber = null) =>
        $$"""{"name":"{{name}}","phone":"{{phone}}","organization":{{(organization is null ? "null" : $"\"{organization}\"")}},"idNumber":{{(idNumber is null ? "null" : $"\"{idNumber}\"")}}}""";

    private static string NewCase(string? applicant = null, string summary = "占道施工", string matter = "highway-occupation") =>
        $$"""{"matterCode":"{{matter}}","applicant":{{applicant ?? Applicant()}},"summary":"{{summary}}"}""";

    private static string Decision(string outcome, string? comment = null, string conditions = "null", string key = "k-1", string department = "road-admin", bool onBehalf = false) =>
        $$"""{"department":"{{department}}","outcome":"{{outcome}}","comment":{{(comment is null ? "null" : $"\"{comment}\"")}},"conditions":{{conditions}},"idempotencyKey":"{{key}}","onBehalf":{{(onBehalf ? "true" : "false")}}}""";

    private static HttpContent Multipart(string fileName, params string[] more)
    {
        var form = new MultipartFormDataContent();
        foreach (var name in more.Prepend(fileName))
            form.Add(new ByteArrayContent("%PDF-1.4 test"u8.ToArray()), "file", name);
        return form;
    }

    private static HttpContent Truncated()
    {
        const string boundary = "cut-here";
        var body = $"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 half a fi";
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={boundary}");
        return content;
    }

    private static HttpContent PlainText(string text) => new StringContent(text, Encoding.UTF8, "text/plain");

    public static readonly Dictionary<string, Row> Rest = new()
    {
        // Registering a case.
        ["case: applicant name with a right-to-left override"] = new("window", "POST", "/api/v1/cases", NewCase(Applicant($"王五{Rlo}fdp.exe")), HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["case: applicant name with NUL"] = new("window", "POST", "/api/v1/cases", NewCase(Applicant($"王{Nul}五")), HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["case: applicant name only zero-width"] = new("window", "POST", "/api/v1/cases", NewCase(Applicant(Zwsp)), HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["case: summary only zero-width"] = new("window", "POST", "/api/v1/cases", NewCase(summary: Zwsp), HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["case: summary with a bell control"] = new("window", "POST", "/api/v1/cases", NewCase(summary: "占道\\u0007施工"), HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["case: summary with a C1 control"] = new("window", "POST", "/api/v1/cases", NewCase(summary: "占道\\u0085施工"), HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["case: organization with an isolate"] = new("window", "POST", "/api/v1/cases", NewCase(Applicant(organization: "县\\u2066供电")), HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["case: summary too long"] = new("window", "POST", "/api/v1/cases", NewCase(summary: new string('长', 4001)), HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["case: unknown matter"] = new("window", "POST", "/api/v1/cases", NewCase(matter: "../evil"), HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["case: phone of letters"] = new("window", "POST", "/api/v1/cases", NewCase(Applicant(phone: "call me")), HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["case: malformed ID number"] = new("window", "POST", "/api/v1/cases", NewCase(Applicant(idNumber: "12345")), HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["case: no applicant"] = new("window", "POST", "/api/v1/cases", """{"matterCode":"highway-occupation","summary":"x"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["case: body is not JSON"] = new("window", "POST", "/api/v1/cases", "{", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["case: body is text/plain"] = new("window", "POST", "/api/v1/cases", null, HttpStatusCode.UnsupportedMediaType, ErrorCodes.InvalidInput, () => PlainText(NewCase())),
        ["case: by a department"] = new("road-admin", "POST", "/api/v1/cases", NewCase(), HttpStatusCode.Forbidden, ErrorCodes.Forbidden),
        // Opening a consultation.
        ["open: scheduledAt 9999-12-31"] = new("window", "POST", "/api/v1/cases/{received}/consultations", """{"scheduledAt":"9999-12-31T00:00:00Z"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["open: deadline in year 9999"] = new("window", "POST", "/api/v1/cases/{received}/consultations", """{"deadline":"9999-12-31T00:00:00Z"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["open: deadline two years ahead"] = new("window", "POST", "/api/v1/cases/{received}/consultations", $$"""{"deadline":"{{DateTimeOffset.UtcNow.AddYears(2):O}}"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["open: deemedConsentOnTimeout as a string"] = new("window", "POST", "/api/v1/cases/{received}/consultations", """{"seats":[{"department":"road-admin","role":"required","deemedConsentOnTimeout":"yes"}]}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["open: scheduledAt two years ahead"] = new("window", "POST", "/api/v1/cases/{received}/consultations", $$"""{"scheduledAt":"{{DateTimeOffset.UtcNow.AddYears(2):O}}"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["open: deadline before the scheduled start"] = new("window", "POST", "/api/v1/cases/{received}/consultations", $$"""{"scheduledAt":"{{DateTimeOffset.UtcNow.AddDays(2):O}}","deadline":"{{DateTimeOffset.UtcNow.AddDays(1):O}}"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["open: deadline in the past"] = new("window", "POST", "/api/v1/cases/{received}/consultations", """{"deadline":"2020-01-01T00:00:00Z"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["open: scheduledAt not a date"] = new("window", "POST", "/api/v1/cases/{received}/consultations", """{"scheduledAt":"tomorrow"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["open: unknown department ../evil"] = new("window", "POST", "/api/v1/cases/{received}/consultations", """{"departments":["../evil"]}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["open: a department twice"] = new("window", "POST", "/api/v1/cases/{received}/consultations", """{"departments":["road-admin","road-admin"]}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["open: no departments"] = new("window", "POST", "/api/v1/cases/{received}/consultations", """{"departments":[]}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["open: only notify seats"] = new("window", "POST", "/api/v1/cases/{received}/consultations", """{"seats":[{"department":"housing","role":"notify"}]}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["open: departments and seats"] = new("window", "POST", "/api/v1/cases/{received}/consultations", """{"departments":["road-admin"],"seats":[{"department":"housing"}]}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["open: unknown seat role"] = new("window", "POST", "/api/v1/cases/{received}/consultations", """{"seats":[{"department":"road-admin","role":"boss"}]}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["open: a second room while one is open"] = new("window", "POST", "/api/v1/cases/{case}/consultations", "{}", HttpStatusCode.Conflict, ErrorCodes.Conflict),
        ["open: case id not a GUID"] = new("window", "POST", "/api/v1/cases/not-a-guid/consultations", "{}", HttpStatusCode.NotFound, ErrorCodes.NotFound),
        // Decisions.
        ["decision: unknown outcome"] = new("road-admin", "POST", "/api/v1/consultations/{room}/decisions", Decision("maybe"), HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["decision: conditions missing"] = new("road-admin", "POST", "/api/v1/consultations/{room}/decisions", Decision("approveWithConditions"), HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["decision: reject without reason"] = new("road-admin", "POST", "/api/v1/consultations/{room}/decisions", Decision("reject"), HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["decision: reason only zero-width"] = new("road-admin", "POST", "/api/v1/consultations/{room}/decisions", Decision("reject", Zwsp), HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["decision: reason with NUL"] = new("road-admin", "POST", "/api/v1/consultations/{room}/decisions", Decision("reject", $"依据{Nul}"), HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["decision: condition with an override"] = new("road-admin", "POST", "/api/v1/consultations/{room}/decisions", Decision("approveWithConditions", conditions: $"[\"设置{Rlo}标志\"]"), HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["decision: 51 conditions"] = new("road-admin", "POST", "/api/v1/consultations/{room}/decisions", Decision("approveWithConditions", conditions: JsonSerializer.Serialize(Enumerable.Range(1, 51).Select(i => $"条件{i}"))), HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["decision: empty key"] = new("road-admin", "POST", "/api/v1/consultations/{room}/decisions", Decision("approve", key: ""), HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["decision: key with spaces"] = new("road-admin", "POST", "/api/v1/consultations/{room}/decisions", Decision("approve", key: "a key"), HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["decision: key of 129 characters"] = new("road-admin", "POST", "/api/v1/consultations/{room}/decisions", Decision("approve", key: new string('k', 129)), HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["decision: for another department"] = new("road-admin", "POST", "/api/v1/consultations/{room}/decisions", Decision("approve", department: "traffic-police"), HttpStatusCode.Forbidden, ErrorCodes.Forbidden),
        ["decision: by a department not invited"] = new("education", "POST", "/api/v1/consultations/{room}/decisions", Decision("approve", department: "education"), HttpStatusCode.Forbidden, ErrorCodes.NotInvited),
        ["decision: on behalf of a department not invited"] = new("window", "POST", "/api/v1/consultations/{room}/decisions", Decision("approve", department: "education", onBehalf: true), HttpStatusCode.Forbidden, ErrorCodes.NotInvited),
        ["decision: in a room that does not exist"] = new("road-admin", "POST", "/api/v1/consultations/00000000-0000-0000-0000-000000000001/decisions", Decision("approve"), HttpStatusCode.NotFound, ErrorCodes.NotFound),
        ["decision: deemedConsent sent by a department"] = new("road-admin", "POST", "/api/v1/consultations/{room}/decisions", Decision("deemedConsent"), HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["decision: outcome as a number"] = new("road-admin", "POST", "/api/v1/consultations/{room}/decisions", """{"department":"road-admin","outcome":7,"idempotencyKey":"k"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        // Messages.
        ["message: only zero-width"] = new("road-admin", "POST", "/api/v1/consultations/{room}/messages", $$"""{"text":"{{Zwsp}}","clientMessageId":"m-1"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["message: only blanks and newlines"] = new("road-admin", "POST", "/api/v1/consultations/{room}/messages", """{"text":"  \n  ","clientMessageId":"m-1"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["message: with NUL"] = new("road-admin", "POST", "/api/v1/consultations/{room}/messages", $$"""{"text":"a{{Nul}}b","clientMessageId":"m-1"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["message: with an override"] = new("road-admin", "POST", "/api/v1/consultations/{room}/messages", $$"""{"text":"见附件{{Rlo}}fdp.exe","clientMessageId":"m-1"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["message: escape control"] = new("road-admin", "POST", "/api/v1/consultations/{room}/messages", """{"text":"\u001b[31mred","clientMessageId":"m-1"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["message: no client message id"] = new("road-admin", "POST", "/api/v1/consultations/{room}/messages", """{"text":"hello","clientMessageId":""}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["message: too long"] = new("road-admin", "POST", "/api/v1/consultations/{room}/messages", $$"""{"text":"{{new string('长', 2001)}}","clientMessageId":"m-1"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        // Chairing.
        ["close: expectedSeq -1"] = new("window", "POST", "/api/v1/consultations/{room}/close", """{"statement":"同意","expectedSeq":-1}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["close: empty statement"] = new("window", "POST", "/api/v1/consultations/{room}/close", """{"statement":""}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["close: statement with an escape"] = new("window", "POST", "/api/v1/consultations/{room}/close", """{"statement":"同意\u001b"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["close: while pending"] = new("window", "POST", "/api/v1/consultations/{room}/close", """{"statement":"同意"}""", HttpStatusCode.Conflict, ErrorCodes.Conflict),
        ["close: by a department"] = new("road-admin", "POST", "/api/v1/consultations/{room}/close", """{"statement":"同意"}""", HttpStatusCode.Forbidden, ErrorCodes.Forbidden),
        ["deadline: year 9999"] = new("window", "POST", "/api/v1/consultations/{room}/deadline", """{"deadline":"9999-12-31T00:00:00Z","reason":"延期"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["deadline: reason only zero-width"] = new("window", "POST", "/api/v1/consultations/{room}/deadline", $$"""{"deadline":"{{DateTimeOffset.UtcNow.AddDays(3):O}}","reason":"{{Zwsp}}"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["remind: a department not seated"] = new("window", "POST", "/api/v1/consultations/{room}/reminders", """{"departments":["education"]}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["remind: a department listed twice"] = new("window", "POST", "/api/v1/consultations/{room}/reminders", """{"departments":["road-admin","road-admin"]}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["remind: an empty department"] = new("window", "POST", "/api/v1/consultations/{room}/reminders", """{"departments":[""]}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["remind: departments as a string"] = new("window", "POST", "/api/v1/consultations/{room}/reminders", """{"departments":"road-admin"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["remind: by a department"] = new("road-admin", "POST", "/api/v1/consultations/{room}/reminders", "{}", HttpStatusCode.Forbidden, ErrorCodes.Forbidden),
        ["invite: unknown department ../evil"] = new("window", "POST", "/api/v1/consultations/{room}/invitations", """{"department":"../evil"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["invite: no department"] = new("window", "POST", "/api/v1/consultations/{room}/invitations", "{}", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["withdraw: reason with NUL"] = new("window", "POST", "/api/v1/cases/{received}/withdraw", $$"""{"reason":"撤回{{Nul}}"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        // The statutory clock (the case's statutory object is part of what must not change).
        ["extension: no reason"] = new("manager", "POST", "/api/v1/cases/{received}/extensions", "{}", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["extension: reason only zero-width"] = new("manager", "POST", "/api/v1/cases/{received}/extensions", $$"""{"reason":"{{Zwsp}}"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["extension: reason with NUL"] = new("manager", "POST", "/api/v1/cases/{received}/extensions", $$"""{"reason":"专家评审{{Nul}}"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["extension: reason with a right-to-left override"] = new("manager", "POST", "/api/v1/cases/{received}/extensions", $$"""{"reason":"评审{{Rlo}}"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["extension: reason too long"] = new("manager", "POST", "/api/v1/cases/{received}/extensions", $$"""{"reason":"{{new string('长', 5000)}}"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["extension: body is text/plain"] = new("manager", "POST", "/api/v1/cases/{received}/extensions", null, HttpStatusCode.UnsupportedMediaType, ErrorCodes.InvalidInput, () => PlainText("专家评审")),
        ["extension: by a window officer"] = new("window", "POST", "/api/v1/cases/{received}/extensions", """{"reason":"专家评审"}""", HttpStatusCode.Forbidden, ErrorCodes.Forbidden),
        ["resubmission: note with NUL"] = new("window", "POST", "/api/v1/cases/{received}/resubmission", $$"""{"note":"已补正{{Nul}}"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["resubmission: note is a number"] = new("window", "POST", "/api/v1/cases/{received}/resubmission", """{"note":42}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["resubmission: nothing asked of the applicant"] = new("window", "POST", "/api/v1/cases/{received}/resubmission", "{}", HttpStatusCode.Conflict, ErrorCodes.Conflict),
        // The working calendar (the year's state is part of what must not change).
        ["calendar: a date not in that year"] = new("admin", "PUT", "/api/v1/calendar/2026", """{"holidays":["2027-01-01"],"workdays":[]}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["calendar: a date both holiday and workday"] = new("admin", "PUT", "/api/v1/calendar/2026", """{"holidays":["2026-10-10"],"workdays":["2026-10-10"]}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["calendar: a date listed twice"] = new("admin", "PUT", "/api/v1/calendar/2026", """{"holidays":["2026-10-01","2026-10-01"],"workdays":[]}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["calendar: 81 holidays"] = new("admin", "PUT", "/api/v1/calendar/2026", JsonSerializer.Serialize(new { holidays = Enumerable.Range(0, 81).Select(i => new DateOnly(2026, 1, 1).AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), workdays = Array.Empty<string>() }), HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["calendar: a make-up day on a weekday"] = new("admin", "PUT", "/api/v1/calendar/2026", """{"holidays":[],"workdays":["2026-10-12"]}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["calendar: a date that does not exist"] = new("admin", "PUT", "/api/v1/calendar/2026", """{"holidays":["2026-02-30"],"workdays":[]}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["calendar: a date written 10/1/2026"] = new("admin", "PUT", "/api/v1/calendar/2026", """{"holidays":["10/1/2026"],"workdays":[]}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["calendar: holidays as a string"] = new("admin", "PUT", "/api/v1/calendar/2026", """{"holidays":"2026-10-01","workdays":[]}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["calendar: workdays missing"] = new("admin", "PUT", "/api/v1/calendar/2026", """{"holidays":[]}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["calendar: the body names another year"] = new("admin", "PUT", "/api/v1/calendar/2026", """{"year":2027,"holidays":[],"workdays":[]}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["calendar: year 1999"] = new("admin", "PUT", "/api/v1/calendar/1999", """{"holidays":[],"workdays":[]}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["calendar: body is not JSON"] = new("admin", "PUT", "/api/v1/calendar/2026", "{", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["calendar: loaded by a window officer"] = new("window", "PUT", "/api/v1/calendar/2026", """{"holidays":[],"workdays":[]}""", HttpStatusCode.Forbidden, ErrorCodes.Forbidden),
        ["working days: from not a date"] = new("window", "GET", "/api/v1/calendar/add-working-days?from=tomorrow&days=3", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["working days: from without leading zeros"] = new("window", "GET", "/api/v1/calendar/add-working-days?from=2026-9-30&days=3", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["working days: days 0"] = new("window", "GET", "/api/v1/calendar/add-working-days?from=2026-09-30&days=0", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["working days: days 1001"] = new("window", "GET", "/api/v1/calendar/add-working-days?from=2026-09-30&days=1001", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["working days: days -3"] = new("window", "GET", "/api/v1/calendar/add-working-days?from=2026-09-30&days=-3", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["working days: no from"] = new("window", "GET", "/api/v1/calendar/add-working-days?days=3", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["working days: year 9999"] = new("window", "GET", "/api/v1/calendar/add-working-days?from=9999-12-30&days=3", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        // Listings and reads.
        ["list: page 2147483647"] = new("window", "GET", "/api/v1/cases?page=2147483647", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["list: page 0"] = new("window", "GET", "/api/v1/cases?page=0", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["list: pageSize 1000"] = new("window", "GET", "/api/v1/cases?pageSize=1000", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["list: unknown status"] = new("window", "GET", "/api/v1/cases?status=bogus", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["list: from not a date"] = new("window", "GET", "/api/v1/cases?from=yesterday", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["events: afterSeq -1"] = new("window", "GET", "/api/v1/consultations/{room}/events?afterSeq=-1", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["track: malformed token"] = new("", "GET", "/api/v1/track/short", null, HttpStatusCode.NotFound, ErrorCodes.NotFound),
        ["record: malformed hash"] = new("", "GET", "/api/v1/records/not-a-hash", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["record: hash of 63 digits"] = new("", "GET", $"/api/v1/records/{new string('a', 63)}", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["record: hash with a letter beyond f"] = new("", "GET", $"/api/v1/records/{new string('a', 63)}g", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["record: well-formed unknown hash"] = new("", "GET", $"/api/v1/records/{new string('0', 64)}", null, HttpStatusCode.NotFound, ErrorCodes.NotFound),
        ["record: of a room still open"] = new("window", "GET", "/api/v1/consultations/{room}/record", null, HttpStatusCode.Conflict, ErrorCodes.Conflict),
        ["record: PDF of a room still open"] = new("window", "GET", "/api/v1/consultations/{room}/record.pdf", null, HttpStatusCode.Conflict, ErrorCodes.Conflict),
        ["record: of a room that does not exist"] = new("window", "GET", $"/api/v1/consultations/{Guid.NewGuid()}/record", null, HttpStatusCode.NotFound, ErrorCodes.NotFound),
        ["record: room id that is no id"] = new("window", "GET", "/api/v1/consultations/not-a-room/record", null, HttpStatusCode.NotFound, ErrorCodes.NotFound),
        ["track: well-formed unknown token"] = new("", "GET", "/api/v1/track/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", null, HttpStatusCode.NotFound, ErrorCodes.NotFound),
        // The HTTP layer.
        ["http: DELETE on the case list (405)"] = new("window", "DELETE", "/api/v1/cases", null, HttpStatusCode.MethodNotAllowed, ErrorCodes.InvalidInput),
        ["http: PUT on close (405)"] = new("window", "PUT", "/api/v1/consultations/{room}/close", """{"statement":"x"}""", HttpStatusCode.MethodNotAllowed, ErrorCodes.InvalidInput),
        ["http: %00 in the path"] = new("window", "GET", "/api/v1/cases/%00", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput, ByKestrel: true),
        ["http: an encoded control character in the path"] = new("window", "GET", "/api/v1/cases/%1B", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["http: address of 5,000 characters (414)"] = new("window", "GET", "/api/v1/cases?q=" + new string('q', 5000), null, HttpStatusCode.RequestUriTooLong, ErrorCodes.InvalidInput),
        ["http: unknown address"] = new("window", "GET", "/api/v1/nowhere", null, HttpStatusCode.NotFound, ErrorCodes.NotFound),
        ["http: no token"] = new("", "GET", "/api/v1/cases", null, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized),
        // Sign-in and accounts.
        ["token: no body"] = new("", "POST", "/api/v1/auth/token", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["token: text/plain body"] = new("", "POST", "/api/v1/auth/token", null, HttpStatusCode.UnsupportedMediaType, ErrorCodes.InvalidInput, () => PlainText("""{"userName":"window"}""")),
        ["token: password missing"] = new("", "POST", "/api/v1/auth/token", """{"userName":"window"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["user: name with a right-to-left override"] = new("admin", "POST", "/api/v1/admin/users", $$"""{"userName":"eve{{Rlo}}nimda","password":"long-enough-1","role":"window"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["user: department ../evil"] = new("admin", "POST", "/api/v1/admin/users", """{"userName":"evil-rep","password":"long-enough-1","role":"department","department":"../evil"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["user: unknown role"] = new("admin", "POST", "/api/v1/admin/users", """{"userName":"root-user","password":"long-enough-1","role":"root"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["user: short password"] = new("admin", "POST", "/api/v1/admin/users", """{"userName":"shorty","password":"short","role":"window"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["user: display name with NUL"] = new("admin", "POST", "/api/v1/admin/users", $$"""{"userName":"nul-name","password":"long-enough-1","role":"window","displayName":"a{{Nul}}"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["user: created by a window officer"] = new("window", "POST", "/api/v1/admin/users", """{"userName":"sneaky","password":"long-enough-1","role":"admin"}""", HttpStatusCode.Forbidden, ErrorCodes.Forbidden),
        // Materials.
        ["material: not multipart"] = new("window", "POST", "/api/v1/cases/{received}/materials", """{"file":"x"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["material: truncated multipart"] = new("window", "POST", "/api/v1/cases/{received}/materials", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput, Truncated),
        ["material: file name with an override"] = new("window", "POST", "/api/v1/cases/{received}/materials", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput, () => Multipart("plan\u202Efdp.exe")),
        ["material: two files at once"] = new("window", "POST", "/api/v1/cases/{received}/materials", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput, () => Multipart("a.pdf", "b.pdf")),
        // Follow-up tasks and completing by hand.
        ["task: note with NUL"] = new("road-admin", "POST", "/api/v1/cases/{tasks}/tasks/1/done", $$"""{"note":"已{{Nul}}落实"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["task: note with an override"] = new("road-admin", "POST", "/api/v1/cases/{tasks}/tasks/1/done", $$"""{"note":"已{{Rlo}}落实"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["task: note too long"] = new("road-admin", "POST", "/api/v1/cases/{tasks}/tasks/1/done", $$"""{"note":"{{new string('长', 5000)}}"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["task: body is not JSON"] = new("road-admin", "POST", "/api/v1/cases/{tasks}/tasks/1/done", "{", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["task: body is text/plain"] = new("road-admin", "POST", "/api/v1/cases/{tasks}/tasks/1/done", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput, () => PlainText("done")),
        ["task: two files at once"] = new("road-admin", "POST", "/api/v1/cases/{tasks}/tasks/1/done", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput, () => Multipart("a.jpg", "b.jpg")),
        ["task: photo name with an override"] = new("road-admin", "POST", "/api/v1/cases/{tasks}/tasks/1/done", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput, () => Multipart("site\u202Egpj.exe")),
        ["task: unknown task"] = new("road-admin", "POST", "/api/v1/cases/{tasks}/tasks/7/done", """{"note":"x"}""", HttpStatusCode.NotFound, ErrorCodes.NotFound),
        ["task: id not a number"] = new("road-admin", "POST", "/api/v1/cases/{tasks}/tasks/first/done", """{"note":"x"}""", HttpStatusCode.NotFound, ErrorCodes.NotFound),
        ["task: by a department not invited"] = new("education", "POST", "/api/v1/cases/{tasks}/tasks/1/done", """{"note":"x"}""", HttpStatusCode.Forbidden, ErrorCodes.Forbidden),
        ["complete: no reason while a task is open"] = new("window", "POST", "/api/v1/cases/{tasks}/complete", "{}", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["complete: reason with an override"] = new("window", "POST", "/api/v1/cases/{tasks}/complete", $$"""{"reason":"已{{Rlo}}核查"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["complete: a case still consulting"] = new("window", "POST", "/api/v1/cases/{case}/complete", """{"reason":"已核查"}""", HttpStatusCode.Conflict, ErrorCodes.Conflict),
        // The applicant's supplement through the link (the files are checked before anything else).
        ["supplement: not multipart"] = new("", "POST", "/api/v1/track/{token}/materials", """{"file":"x"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidInput),
        ["supplement: no file"] = new("", "POST", "/api/v1/track/{token}/materials", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput, () => new MultipartFormDataContent { { new StringContent("x"), "name" } }),
        ["supplement: eleven files"] = new("", "POST", "/api/v1/track/{token}/materials", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput,
            () => Typed(Multipart("1.pdf", "2.pdf", "3.pdf", "4.pdf", "5.pdf", "6.pdf", "7.pdf", "8.pdf", "9.pdf", "10.pdf", "11.pdf"))),
        ["supplement: a file of no document type"] = new("", "POST", "/api/v1/track/{token}/materials", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput, () => Multipart("page.html")),
        ["supplement: file name with an override"] = new("", "POST", "/api/v1/track/{token}/materials", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput, () => Typed(Multipart("plan\u202Efdp.pdf"))),
        ["supplement: two names for one file"] = new("", "POST", "/api/v1/track/{token}/materials", null, HttpStatusCode.BadRequest, ErrorCodes.InvalidInput, () => Named(Typed(Multipart("a.pdf")), "申请书", "施工方案")),
        ["supplement: nothing asked"] = new("", "POST", "/api/v1/track/{token}/materials", null, HttpStatusCode.Conflict, ErrorCodes.Conflict, () => Typed(Multipart("a.pdf"))),
        ["supplement: unknown link"] = new("", "POST", "/api/v1/track/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/materials", null, HttpStatusCode.NotFound, ErrorCodes.NotFound, () => Typed(Multipart("a.pdf"))),
    };

    /// <summary>The form's files declared as PDFs (<see cref="Multipart"/> declares no type, which the link refuses).</summary>
    private static HttpContent Typed(HttpContent form)
    {
        foreach (var part in (MultipartFormDataContent)form)
            part.Headers.ContentType ??= new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        return form;
    }

    private static HttpContent Named(HttpContent form, params string[] names)
    {
        foreach (var name in names)
            ((MultipartFormDataContent)form).Add(new StringContent(name), "name");
        return form;
    }

    public static TheoryData<string> RestRows() => [.. Rest.Keys];

    [Theory]
    [MemberData(nameof(RestRows))]
    public async Task BadRestInputIsRefusedWithItsCodeAndChangesNothing(string name)
    {
        var row = Rest[name];
        var before = await fixture.State();
        using var request = new HttpRequestMessage(new HttpMethod(row.Method), Fill(row.Path));
        if (row.Content is not null)
            request.Content = row.Content();
        else if (row.Body is not null)
            request.Content = new StringContent(Fill(row.Body), Encoding.UTF8, "application/json");
        var client = row.User == "" ? new HttpClient { BaseAddress = fixture.Node.Address } : fixture.Clients[row.User];
        var response = await client.SendAsync(request);

        if (row.ByKestrel)
        {
            Assert.Equal(row.Status, response.StatusCode);
            Assert.Equal(before, await fixture.State());
            return;
        }

        var problem = await response.Problem(row.Status, row.Code);
        var detail = (string?)problem["detail"] ?? "";
        Assert.DoesNotContain("Consult.", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", detail, StringComparison.Ordinal);
        Assert.Equal(before, await fixture.State());
    }

    public static readonly Dictionary<string, (string User, string Method, object?[] Args, string Code)> Hub = new()
    {
        ["hub: JoinRoom with a string that is no id"] = ("road-admin", HubContract.JoinRoom, ["not-a-guid"], ErrorCodes.InvalidInput),
        ["hub: JoinRoom with a number"] = ("road-admin", HubContract.JoinRoom, [123], ErrorCodes.InvalidInput),
        ["hub: JoinRoom of a room that does not exist"] = ("road-admin", HubContract.JoinRoom, [Guid.NewGuid()], ErrorCodes.NotFound),
        ["hub: JoinRoom by a department not invited"] = ("education", HubContract.JoinRoom, ["{room}"], ErrorCodes.NotInvited),
        ["hub: CastDecision with a number for the room"] = ("road-admin", HubContract.CastDecision, [7, new { department = "road-admin", outcome = "approve", idempotencyKey = "h-5" }], ErrorCodes.InvalidInput),
        ["hub: CastDecision with a string that is no id"] = ("road-admin", HubContract.CastDecision, ["{room}x", new { department = "road-admin", outcome = "approve", idempotencyKey = "h-6" }], ErrorCodes.InvalidInput),
        ["hub: CastDecision with an overlong string for the room"] = ("road-admin", HubContract.CastDecision, [new string('7', 200), new { department = "road-admin", outcome = "approve", idempotencyKey = "h-7" }], ErrorCodes.InvalidInput),
        ["hub: CastDecision with null for the decision"] = ("road-admin", HubContract.CastDecision, ["{room}", null], ErrorCodes.InvalidInput),
        ["hub: CastDecision with a decision lacking its outcome"] = ("road-admin", HubContract.CastDecision, ["{room}", new { department = "road-admin", idempotencyKey = "h-8" }], ErrorCodes.InvalidInput),
        ["hub: CastDecision with an array for the decision"] = ("road-admin", HubContract.CastDecision, ["{room}", new[] { 1, 2 }], ErrorCodes.InvalidInput),
        ["hub: PostMessage with null for the room"] = ("road-admin", HubContract.PostMessage, [null, new { text = "好", clientMessageId = "hm-3" }], ErrorCodes.InvalidInput),
        ["hub: CastDecision with a string for the decision"] = ("road-admin", HubContract.CastDecision, ["{room}", "approve"], ErrorCodes.InvalidInput),
        ["hub: CastDecision with an unknown outcome"] = ("road-admin", HubContract.CastDecision, ["{room}", new { department = "road-admin", outcome = "maybe", idempotencyKey = "h-1" }], ErrorCodes.InvalidInput),
        ["hub: CastDecision with NUL in the reason"] = ("road-admin", HubContract.CastDecision, ["{room}", new { department = "road-admin", outcome = "reject", comment = "依据\0", idempotencyKey = "h-2" }], ErrorCodes.InvalidInput),
        ["hub: CastDecision for another department"] = ("road-admin", HubContract.CastDecision, ["{room}", new { department = "traffic-police", outcome = "approve", idempotencyKey = "h-3" }], ErrorCodes.Forbidden),
        ["hub: PostMessage only zero-width"] = ("road-admin", HubContract.PostMessage, ["{room}", new { text = "\u200B\u200B", clientMessageId = "hm-1" }], ErrorCodes.InvalidInput),
        ["hub: PostMessage with an override"] = ("road-admin", HubContract.PostMessage, ["{room}", new { text = "a\u202Eb", clientMessageId = "hm-2" }], ErrorCodes.InvalidInput),
        ["hub: PostMessage with a number for the message"] = ("road-admin", HubContract.PostMessage, ["{room}", 5], ErrorCodes.InvalidInput),
        ["hub: Resync after a string"] = ("road-admin", HubContract.Resync, ["{room}", "x"], ErrorCodes.InvalidInput),
        ["hub: Resync after -1"] = ("road-admin", HubContract.Resync, ["{room}", -1], ErrorCodes.InvalidInput),
        ["hub: FollowCase with a number"] = ("", HubContract.FollowCase, [42], ErrorCodes.InvalidInput),
        ["hub: FollowCase with a malformed token"] = ("", HubContract.FollowCase, ["short"], ErrorCodes.NotFound),
        ["hub: CastDecision by an anonymous caller"] = ("", HubContract.CastDecision, ["{room}", new { department = "road-admin", outcome = "approve", idempotencyKey = "h-4" }], ErrorCodes.Unauthorized),
    };

    public static TheoryData<string> HubRows() => [.. Hub.Keys];

    [Theory]
    [MemberData(nameof(HubRows))]
    public async Task BadHubInputIsRefusedWithItsCodeAndChangesNothing(string name)
    {
        var (user, method, args, code) = Hub[name];
        var before = await fixture.State();
        await using var connection = await fixture.Node.Hub(user == "" ? null : user);
        var filled = args.Select(a => a is string s ? (object)Fill(s) : a).ToArray();
        var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeCoreAsync(method, typeof(object), filled));
        Assert.Equal(code, HubContract.CodeOf(refused.Message));
        Assert.DoesNotContain("Consult.", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await fixture.State());
    }

    [Fact]
    public void TheSuiteHoldsAtLeastSixtyDistinctBadInputs() => Assert.True(Rest.Count + Hub.Count >= 60, $"{Rest.Count + Hub.Count} rows");

    private string Fill(string text) => text
        .Replace("{room}", fixture.RoomId, StringComparison.Ordinal)
        .Replace("{case}", fixture.RoomCaseId, StringComparison.Ordinal)
        .Replace("{received}", fixture.ReceivedCaseId, StringComparison.Ordinal)
        .Replace("{tasks}", fixture.TasksCaseId, StringComparison.Ordinal)
        .Replace("{token}", fixture.TrackingToken, StringComparison.Ordinal);
}
