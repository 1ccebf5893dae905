using System.Text;
using System.Text.Json;
using System.Threading.RateLimiting;
using Consult.Calls;
using Consult.Common;

namespace Consult.Server.Realtime.Calls;

/// <summary>Reads and checks a signal as a member sent it: its kind, its size, and the sender's rate.</summary>
public static class CallSignals
{
    /// <summary>A hub argument <c>{kind, data}</c>.</summary>
    public static CallSignal Read(JsonElement signal)
    {
        if (signal.ValueKind != JsonValueKind.Object)
            throw ConsultException.InvalidInput("signal must be a JSON object {kind, data}.");
        if (Encoding.UTF8.GetByteCount(signal.GetRawText()) > CallSignal.MaxBytes)
            throw TooLarge();
        var kind = signal.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : null;
        if (!signal.TryGetProperty("data", out var data) || data.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
            throw ConsultException.InvalidInput("signal.data is required.");
        return Checked(kind, data.GetRawText());
    }

    /// <summary>A signal whose <paramref name="dataJson"/> is JSON text (from the board's script).</summary>
    public static CallSignal Read(string? kind, string? dataJson)
    {
        if (string.IsNullOrEmpty(dataJson))
            throw ConsultException.InvalidInput("signal.data is required.");
        if (Encoding.UTF8.GetByteCount(dataJson) + (kind?.Length ?? 0) > CallSignal.MaxBytes)
            throw TooLarge();
        try
        {
            // Relayed as raw JSON: what is not JSON must never reach another client.
            using var document = JsonDocument.Parse(dataJson);
            return Checked(kind, document.RootElement.GetRawText());
        }
        catch (JsonException)
        {
            throw ConsultException.InvalidInput("signal.data must be JSON.");
        }
    }

    public static TokenBucketRateLimiter NewLimiter(VideoOptions options) => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = options.SignalBurst,
        TokensPerPeriod = options.SignalsPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = false,
    });

    /// <summary>Takes one signal from the sender's bucket, or refuses with <c>rate_limited</c>.</summary>
    public static void Take(TokenBucketRateLimiter limiter, VideoOptions options)
    {
        limiter.TryReplenish();
        using var lease = limiter.AttemptAcquire();
        if (!lease.IsAcquired)
            throw new ConsultException(ErrorCodes.RateLimited, $"at most {options.SignalsPerSecond} signals per second (bursts of {options.SignalBurst}) per call member.");
    }

    private static CallSignal Checked(string? kind, string data) =>
        kind is not null && CallSignal.Kinds.Contains(kind)
            ? new CallSignal(kind, data)
            : throw ConsultException.InvalidInput("signal.kind must be offer, answer or candidate.");

    private static ConsultException TooLarge() => ConsultException.InvalidInput($"A signal may weigh at most {CallSignal.MaxBytes / 1024} KB.");
}
