using System.Globalization;
using Consult.Calendar;
using Consult.Common;
using Consult.Server.ApiReference;
using Consult.Server.Auth;
using Consult.Server.Caching;
using Consult.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Consult.Server.Api;

/// <summary>The working-day calendar: anyone signed in reads it and counts with it; administrators load years.</summary>
public static class CalendarEndpoints
{
    /// <summary>Longest count the API takes (about four years): more than any statutory limit with its extensions.</summary>
    public const int MaxDays = 1000;

    public static void MapCalendarEndpoints(this RouteGroupBuilder api)
    {
        var calendar = api.MapGroup("/calendar").RequireAuthorization().WithTags("Calendar");

        calendar.MapGet("/{year:int}", async (int year, CalendarReader reader, IOptions<ConsultOptions> options) =>
        {
            RequireYear(year);
            return CalendarYearResponse.For(year, await reader.Current(), options.Value.Centre.Hours);
        }).WithName("GetCalendarYear").WithSummary("A year's holidays and make-up working days, and the centre's working hours");

        calendar.MapPut("/{year:int}", async (int year, CalendarYearRequest request, HttpContext http, CalendarReader reader, IOptions<ConsultOptions> options) =>
        {
            var actor = http.User.ToActor();
            if (!actor.IsAdmin)
                throw ConsultException.Forbidden("Only administrators load the working calendar.");
            RequireYear(year);
            if (request.Year is { } bodyYear && bodyYear != year)
                throw ConsultException.InvalidInput($"The body is for {bodyYear}, the address for {year}.");
            if (request.Holidays is not { } holidays || request.Workdays is not { } workdays)
                throw ConsultException.InvalidInput("holidays and workdays are required (an empty list when there are none).");
            var updated = await reader.Put(actor, year, holidays, workdays);
            return CalendarYearResponse.For(year, updated, options.Value.Centre.Hours);
        }).WithName("PutCalendarYear").WithSummary("Load a year's holidays and make-up working days (administrators)")
            .Refuses(StatusCodes.Status403Forbidden);

        calendar.MapGet("/add-working-days", async (string? from, string? days, CalendarReader reader) =>
        {
            if (!DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
                throw ConsultException.InvalidInput("from must be a date written YYYY-MM-DD.");
            RequireYear(start.Year);
            if (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > MaxDays)
                throw ConsultException.InvalidInput($"days must be a whole number from 1 to {MaxDays}.");
            var found = (await reader.Current()).AddWorkingDays(start, count);
            return new WorkingDaysResponse(start, count, found.Date, found.Assumed, found.AssumedYears);
        }).WithName("AddWorkingDays").WithSummary("The N-th working day after a date");
    }

    private static void RequireYear(int year)
    {
        if (year is < CalendarYear.MinYear or > CalendarYear.MaxYear)
            throw ConsultException.InvalidInput($"The year must be between {CalendarYear.MinYear} and {CalendarYear.MaxYear}.");
    }
}
