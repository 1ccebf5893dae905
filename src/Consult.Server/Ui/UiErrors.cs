using System.Globalization;
using Consult.Common;
using Microsoft.Extensions.Localization;

namespace Consult.Server.Ui;

/// <summary>
/// What a person is told when a command is refused or fails: in the page's language, never an
/// exception's raw text in Chinese, never a stack trace or JSON. A domain refusal's message is
/// English written for API clients: the English page shows it as it is (it names the department or
/// the rule); the Chinese page shows the refusal's kind by its contract code. Anything else (a node
/// or the store not answering) is "try again", logged by the caller's pipeline as usual.
/// </summary>
public static class UiErrors
{
    public static string Describe(Exception error, IStringLocalizer L) => error switch
    {
        ConsultException refused when English => refused.Message,
        ConsultException refused => L[$"Error_{refused.Code}"] is { ResourceNotFound: false } text ? text.Value : L["Error_conflict"].Value,
        TimeoutException or TaskCanceledException or Orleans.Runtime.OrleansException => L["Error_unavailable"].Value,
        _ => L["Error_unexpected"].Value,
    };

    /// <summary>The message for a file over the size limit, before anything is read of it.</summary>
    public static string TooLarge(IStringLocalizer L, string fileName, long size, long limit) =>
        L["Upload_TooLarge", fileName, Megabytes(size), Megabytes(limit)].Value;

    private static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    private static string Megabytes(long bytes) => (bytes / 1024d / 1024d).ToString("0.#", CultureInfo.CurrentCulture);
}
