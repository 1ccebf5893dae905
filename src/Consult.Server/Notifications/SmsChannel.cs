using System.Text;
using System.Text.Json;
using Consult.Notifications;

namespace Consult.Server.Notifications;

/// <summary>
/// The SMS gateway: providers differ, so the call is configuration. The address and the body are
/// templates with <c>{phone}</c>, <c>{text}</c>, <c>{caseNumber}</c>, <c>{type}</c> and <c>{id}</c>;
/// values are URL-encoded in the address, JSON-escaped in a JSON body, form-encoded in a form body.
/// </summary>
public static class SmsChannel
{
    public static string Render(string template, NotificationMessage message, Func<string, string> escape) => template
        .Replace("{phone}", escape(message.Target), StringComparison.Ordinal)
        .Replace("{text}", escape(message.Text), StringComparison.Ordinal)
        .Replace("{caseNumber}", escape(message.CaseNumber), StringComparison.Ordinal)
        .Replace("{type}", escape(message.Type), StringComparison.Ordinal)
        .Replace("{id}", escape(message.Id), StringComparison.Ordinal);

    public static Func<string, string> EscapeFor(string contentType) =>
        contentType.Contains("json", StringComparison.OrdinalIgnoreCase) ? JsonEscape
        : contentType.Contains("form-urlencoded", StringComparison.OrdinalIgnoreCase) ? Uri.EscapeDataString
        : value => value;

    public static HttpRequestMessage Request(SmsOptions options, NotificationMessage message)
    {
        var request = new HttpRequestMessage(new HttpMethod(options.Method), Render(options.Url!, message, Uri.EscapeDataString));
        if (request.Method != HttpMethod.Get)
        {
            var body = Render(options.BodyTemplate, message, EscapeFor(options.ContentType));
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(options.ContentType);
        }

        foreach (var (name, value) in options.Headers)
            request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    public static async Task Send(HttpClient http, SmsOptions options, NotificationMessage message, CancellationToken cancellationToken)
    {
        using var request = Request(options, message);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"The SMS gateway answered {(int)response.StatusCode} {response.ReasonPhrase}.");
    }

    private static string JsonEscape(string value)
    {
        var quoted = JsonSerializer.Serialize(value);
        return quoted[1..^1];
    }
}
