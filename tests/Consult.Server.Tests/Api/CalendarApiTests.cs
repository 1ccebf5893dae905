using System.Net;
using System.Net.Http.Json;
using Consult.Common;
using Consult.Hosting;
using Consult.Server.Caching;
using Consult.Server.Hosting;
using Consult.Server.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Consult.Server.Tests.Api;

/// <summary>The working-day calendar over REST: the shipped 2026, assumed years, an administrator's year.</summary>
[Collection(AppCollection.Name)]
public sealed class CalendarApiTests(ConsultApp app)
{
    [Fact]
    public async Task TheShipped2026IsAnsweredWithItsSourceAndTheCentresWorkingHours()
    {
        var window = await app.SignIn("window");

        var year = await window.Get("/api/v1/calendar/2026");

        Assert.Equal(2026, (int)year["year"]!);
        Assert.Equal("shipped", (string?)year["source"]);
        Assert.False((bool)year["assumed"]!);
        Assert.Equal(33, year["holidays"]!.AsArray().Count);
        Assert.Equal(["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"], year["workdays"]!.AsArray().Select(d => (string?)d));
        Assert.Contains("2026-02-17", year["holidays"]!.AsArray().Select(d => (string?)d));
        Assert.Equal("""[{"start":"08:30","end":"12:00"},{"start":"13:30","end":"17:30"}]""", year["workingHours"]!.Text());
    }

    [Theory]
    [InlineData("2026-09-30", 3, "2026-10-10")]
    [InlineData("2026-02-13", 2, "2026-02-24")]
    [InlineData("2026-09-21", 20, "2026-10-26")]
    public async Task AddingWorkingDaysSkipsHolidaysAndCountsMakeUpDays(string from, int days, string expected)
    {
        var police = await app.SignIn("traffic-police");

        var answer = await police.Get($"/api/v1/calendar/add-working-days?from={from}&days={days}");

        Assert.Equal(expected, (string?)answer["date"]);
        Assert.False((bool)answer["assumed"]!);
        Assert.Empty(answer["assumedYears"]!.AsArray());
    }

    [Fact]
    public async Task AYearWithoutACalendarCountsMondayToFridayAndSaysSo()
    {
        var manager = await app.SignIn("manager");

        var year = await manager.Get("/api/v1/calendar/2035");
        Assert.True((bool)year["assumed"]!);
        Assert.Equal("none", (string?)year["source"]);
        Assert.Empty(year["holidays"]!.AsArray());

        // 2035-01-01 is a Monday: Tuesday to Friday, then the Monday after.
        var answer = await manager.Get("/api/v1/calendar/add-working-days?from=2035-01-01&days=5");
        Assert.Equal("2035-01-08", (string?)answer["date"]);
        Assert.True((bool)answer["assumed"]!);
        Assert.Equal([2035], answer["assumedYears"]!.AsArray().Select(y => (int)y!));
    }

    [Fact]
    public async Task AYearLoadedByAnAdministratorReplacesTheAssumptionAtOnce()
    {
        var admin = await app.SignIn("admin");
        // 2032-12-31 is a Friday; 2033-01-03 the Monday after.
        const string Count = "/api/v1/calendar/add-working-days?from=2032-12-31&days=1";
        var before = await admin.Get(Count);
        Assert.Equal("2033-01-03", (string?)before["date"]);
        Assert.True((bool)before["assumed"]!);

        var loaded = await (await admin.PutAsJsonAsync("/api/v1/calendar/2033",
            new { holidays = new[] { "2033-01-03", "2033-01-01" }, workdays = Array.Empty<string>() }, ConsultJson.Options)).Json(HttpStatusCode.OK);
        Assert.Equal("admin", (string?)loaded["source"]);
        Assert.Equal("admin", (string?)loaded["loadedBy"]);
        Assert.NotNull(loaded["loadedAt"]);
        Assert.Equal(["2033-01-01", "2033-01-03"], loaded["holidays"]!.AsArray().Select(d => (string?)d));

        var after = await admin.Get(Count);
        Assert.Equal("2033-01-04", (string?)after["date"]);
        Assert.False((bool)after["assumed"]!);
        Assert.Equal("admin", (string?)(await (await app.SignIn("window")).Get("/api/v1/calendar/2033"))["source"]);
    }

    [Fact]
    public async Task OnlyAnAdministratorLoadsAYearAndABadYearChangesNothing()
    {
        var admin = await app.SignIn("admin");
        (await admin.PutAsJsonAsync("/api/v1/calendar/2034", new { holidays = new[] { "2034-01-02" }, workdays = Array.Empty<string>() }, ConsultJson.Options))
            .EnsureSuccessStatusCode();
        var before = (await admin.Get("/api/v1/calendar/2034")).Text();

        foreach (var user in new[] { "manager", "window", "road-admin" })
        {
            var client = await app.SignIn(user);
            await (await client.PutAsJsonAsync("/api/v1/calendar/2034", new { holidays = Array.Empty<string>(), workdays = Array.Empty<string>() }, ConsultJson.Options))
                .Problem(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        }

        object[] bad =
        [
            new { holidays = new[] { "2035-01-01" }, workdays = Array.Empty<string>() },
            new { holidays = new[] { "2034-01-07" }, workdays = new[] { "2034-01-07" } },
            new { holidays = Enumerable.Range(0, 81).Select(i => new DateOnly(2034, 1, 1).AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), workdays = Array.Empty<string>() },
            new { holidays = new[] { "2034-02-30" }, workdays = Array.Empty<string>() },
            new { holidays = Array.Empty<string>() },
        ];
        foreach (var body in bad)
        {
            await (await admin.PutAsJsonAsync("/api/v1/calendar/2034", body, ConsultJson.Options)).Problem(HttpStatusCode.BadRequest, ErrorCodes.InvalidInput);
            Assert.Equal(before, (await admin.Get("/api/v1/calendar/2034")).Text());
        }
    }

    [Theory]
    [InlineData("2026-06-01T00:00:00Z", new[] { 2027 })]
    [InlineData("2025-06-01T00:00:00Z", new[] { 2025 })]
    // Already 2026 in the centre (Asia/Shanghai), still 2025 in UTC.
    [InlineData("2025-12-31T16:30:00Z", new[] { 2027 })]
    public async Task TheYearsManagersAreWarnedOfAreThisYearOrNextInTheCentreWithoutACalendar(string now, int[] expected)
    {
        var reader = new CalendarReader(app.Services.GetRequiredService<IGrainFactory>(), app.Services.GetRequiredService<IOptions<ConsultOptions>>(),
            new FixedTime(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)), app.Services.GetRequiredService<Consult.Server.Admin.AdminAudit>());

        Assert.Equal(expected, (await reader.AssumedYearsAhead(ConsultCalendar.FindZone("Asia/Shanghai"))).ToArray());
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
