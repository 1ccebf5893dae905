using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Consult.Common;
using Consult.Notifications;

namespace Consult.Server.Notifications;

/// <summary>
/// The contract's webhook: a POST of <c>{id, type, at, caseId, caseNumber, roomId?, department?, text}</c>
/// with <c>X-Consult-Signature: sha256=&lt;hex HMAC-SHA256 of the body with the secret&gt;</c>.
/// </summary>
public static class WebhookChannel
{
    public const string SignatureHeader = "X-Consult-Signature";

    private static readonly JsonSerializerOptions Json = new(ConsultJson.Options) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public sealed record Body(string Id, string Type, DateTimeOffset At, Guid CaseId, string CaseNumber, Guid? RoomId, string? Department, string Text);

    public static string BodyOf(NotificationMessage message) => JsonSerializer.Serialize(
        new Body(message.Id, message.Type, message.At, message.CaseId, message.CaseNumber, message.RoomId, message.Department, message.Text), Json);

    public static string Signature(string body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    public static async Task Send(HttpClient http, WebhookOptions hook, NotificationMessage message, CancellationToken cancellationToken)
    {
        var body = BodyOf(message);
        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(SignatureHeader, Signature(body, hook.Secret ?? ""));
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"The webhook answered {(int)response.StatusCode} {response.ReasonPhrase}.");
    }
}
