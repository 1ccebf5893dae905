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
            BadHttpRequestException e => (e.StatusCode, CodeFor(e.StatusCode), Describe(e)),
            JsonException e => (StatusCodes.Status400BadRequest, ErrorCodes.InvalidInput, Describe(e)),
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
        ErrorCodes.Forbidden or ErrorCodes.NotInvited or ErrorCodes.PasswordChangeRequired => StatusCodes.Status403Forbidden,
        ErrorCodes.NotFound => StatusCodes.Status404NotFound,
        ErrorCodes.RoomClosed or ErrorCodes.Conflict or ErrorCodes.SmsNotConfigured => StatusCodes.Status409Conflict,
        ErrorCodes.Unavailable => StatusCodes.Status503ServiceUnavailable,
        ErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status400BadRequest,
    };

    public static string CodeFor(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => ErrorCodes.Unauthorized,
        StatusCodes.Status403Forbidden => ErrorCodes.Forbidden,
        StatusCodes.Status404NotFound => ErrorCodes.NotFound,
        StatusCodes.Status429TooManyRequests => ErrorCodes.RateLimited,
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
        ErrorCodes.SmsNotConfigured => "No SMS gateway is configured.",
        ErrorCodes.Unavailable => "The service could not complete the request now; retry.",
        ErrorCodes.RateLimited => "Too many requests; wait and retry.",
        _ => "The request was refused.",
    };

    /// <summary>What was wrong with a request the framework could not bind, in words for a person: no internal type names.</summary>
    private static string Describe(BadHttpRequestException e)
    {
        if (e.InnerException is JsonException json)
            return Describe(json);
        if (e.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            return "Send the body as application/json.";
        if (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return "The request body is too large.";
        if (ParameterPattern().Match(e.Message) is { Success: true } parameter)
        {
            var name = parameter.Groups["name"].Value;
            return e.Message.StartsWith("Required", StringComparison.Ordinal)
                ? (parameter.Groups["type"].Value.EndsWith("Request", StringComparison.Ordinal) || e.Message.Contains("from body", StringComparison.Ordinal)
                    ? "The request needs a JSON body."
                    : $"The request needs '{name}'.")
                : $"'{name}' has a value that is not valid here.";
        }

        return "The request cannot be read.";
    }

    private static string Describe(JsonException e)
    {
        if (MissingPattern().Match(e.Message) is { Success: true } missing)
            return $"The body lacks required fields: {missing.Groups["fields"].Value}.";
        return string.IsNullOrEmpty(e.Path) || e.Path == "$"
            ? "The body is not JSON of the expected shape."
            : $"The value at '{e.Path}' is missing, of the wrong type or not one of the allowed values.";
    }

    [System.Text.RegularExpressions.GeneratedRegex("parameter \"(?<type>[^\" ]+) (?<name>[^\" ]+)\"")]
    private static partial System.Text.RegularExpressions.Regex ParameterPattern();

    [System.Text.RegularExpressions.GeneratedRegex("missing required properties including: (?<fields>.+?)\\.?$")]
    private static partial System.Text.RegularExpressions.Regex MissingPattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} refused: {Code} {Detail}")]
    private static partial void LogRefused(ILogger logger, string method, string path, string code, string detail);
}
