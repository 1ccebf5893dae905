using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Consult.Notifications;

namespace Consult.Server.Notifications;

/// <summary>
/// The DingTalk custom robot (自定义机器人): a JSON POST of a <c>text</c> or <c>markdown</c> message,
/// @-mentioning by mobile number (<c>at.atMobiles</c>); with a secret (加签) the address carries
/// <c>timestamp</c> (ms) and <c>sign</c> = URL-encoded base64 of HMAC-SHA256(key: secret, data:
/// timestamp + "\n" + secret). The robot answers 200 with <c>errcode</c> 0 when it took the message.
/// </summary>
public static class DingTalkChannel
{
    public static string Sign(long timestamp, string secret)
    {
        var data = Encoding.UTF8.GetBytes($"{timestamp.ToString(CultureInfo.InvariantCulture)}\n{secret}");
        return Uri.EscapeDataString(Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data)));
    }

    public static string SignedUrl(string url, string? secret, long timestamp)
    {
        if (string.IsNullOrEmpty(secret))
            return url;
        var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return $"{url}{separator}timestamp={timestamp.ToString(CultureInfo.InvariantCulture)}&sign={Sign(timestamp, secret)}";
    }

    public static JsonObject Payload(NotificationMessage message, string msgType)
    {
        var mentions = string.Concat(message.AtMobiles.Select(m => " @" + m));
        var at = new JsonObject { ["atMobiles"] = new JsonArray([.. message.AtMobiles.Select(m => JsonValue.Create(m))]), ["isAtAll"] = false };
        return msgType == "markdown"
            ? new JsonObject
            {
                ["msgtype"] = "markdown",
                ["markdown"] = new JsonObject { ["title"] = message.Subject, ["text"] = $"#### {message.Subject}\n\n{message.Text}{mentions}" },
                ["at"] = at,
            }
            : new JsonObject
            {
                ["msgtype"] = "text",
                ["text"] = new JsonObject { ["content"] = $"{message.Subject}\n{message.Text}{mentions}" },
                ["at"] = at,
            };
    }

    public static async Task Send(HttpClient http, DingTalkOptions options, NotificationMessage message, TimeProvider time, CancellationToken cancellationToken)
    {
        var url = SignedUrl(options.Url!, options.Secret, time.GetUtcNow().ToUnixTimeMilliseconds());
        using var response = await http.PostAsJsonAsync(url, Payload(message, options.MsgType), cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"DingTalk answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        if (answer?["errcode"]?.GetValue<int>() is { } code and not 0)
            throw new HttpRequestException($"DingTalk refused the message: {code} {answer["errmsg"]}.");
    }
}
