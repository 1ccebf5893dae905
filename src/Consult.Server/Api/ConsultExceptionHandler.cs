using System.Text.Json;
using Consult.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Consult.Server.Api;

/// <summary>
/// Turns refusals into RFC 9457 problem details carrying the contract's <c>code</c>: domain
/// refusals from the grains, and requests the framework could not bind.
/// </summary>
public sealed partial class ConsultExceptionHandler(IProblemDetailsService problems, ILogger<ConsultExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, detail) = exception switch
        {
            ConsultException e => (StatusFor(e.Code), e.Code, e.Message),
            BadHttpRequestException e => (e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? ErrorCodes.InvalidInput : ErrorCodes.InvalidInput, Describe(e)),
            JsonException e => (StatusCodes.Status400BadRequest, ErrorCodes.InvalidInput, e.Message),
            _ when Unavailability.Is(exception) => (StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, Unavailability.Describe(exception)),
            _ => (0, "", ""),
        };
        if (status == 0)
            return false;
        if (status == StatusCodes.Status503ServiceUnavailable)
            httpContext.Response.Headers.RetryAfter = Unavailability.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

        LogRefused(logger, httpContext.Request.Method, httpContext.Request.Path, code, detail);
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = TitleFor(code),
                Detail = detail,
                Extensions = { ["code"] = code },
            },
        });
    }

    public static int StatusFor(string code) => code switch
    {
        ErrorCodes.InvalidInput => StatusCodes.Status400BadRequest,
        ErrorCodes.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorCodes.Forbidden or ErrorCodes.NotInvited => StatusCodes.Status403Forbidden,
        ErrorCodes.NotFound => StatusCodes.Status404NotFound,
        ErrorCodes.RoomClosed or ErrorCodes.Conflict => StatusCodes.Status409Conflict,
        ErrorCodes.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    public static string CodeFor(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => ErrorCodes.Unauthorized,
        StatusCodes.Status403Forbidden => ErrorCodes.Forbidden,
        StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed => ErrorCodes.NotFound,
        StatusCodes.Status409Conflict => ErrorCodes.Conflict,
        StatusCodes.Status503ServiceUnavailable => ErrorCodes.Unavailable,
        >= 400 and < 500 => ErrorCodes.InvalidInput,
        _ => "internal",
    };

    private static string TitleFor(string code) => code switch
    {
        ErrorCodes.InvalidInput => "The request is not valid.",
        ErrorCodes.Unauthorized => "Sign in first.",
        ErrorCodes.Forbidden => "You may not do this.",
        ErrorCodes.NotInvited => "The department is not invited to this consultation.",
        ErrorCodes.NotFound => "Not found.",
        ErrorCodes.RoomClosed => "The consultation is closed.",
        ErrorCodes.Conflict => "The request conflicts with the current state.",
        ErrorCodes.Unavailable => "The service could not complete the request now; retry.",
        _ => "The request was refused.",
    };

    private static string Describe(BadHttpRequestException e) =>
        e.InnerException is JsonException json ? $"{e.Message} {json.Message}" : e.Message;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} refused: {Code} {Detail}")]
    private static partial void LogRefused(ILogger logger, string method, string path, string code, string detail);
}
