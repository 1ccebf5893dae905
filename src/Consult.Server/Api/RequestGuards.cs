using System.Globalization;
using System.Threading.RateLimiting;
using Consult.Common;
using Consult.Server.Hosting;
using Microsoft.AspNetCore.RateLimiting;

namespace Consult.Server.Api;

/// <summary>
/// What every request passes before it reaches an endpoint: security headers on every answer,
/// a refusal of addresses no endpoint can mean (control characters, an over-long target), and
/// ASP.NET Core's rate limiter: writes per signed-in user, anonymous routes per client address.
/// </summary>
public static class RequestGuards
{
    /// <summary>Longest path and query accepted (Kestrel refuses longer request lines by itself).</summary>
    public const int MaxTargetLength = 4096;

    /// <summary>
    /// Pages: scripts and styles from this site only (MudBlazor sets inline styles; Blazor needs its
    /// WebSocket to this site), nothing framed, no plug-ins, forms post here only.
    /// </summary>
    public const string PageSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        + "connect-src 'self'; media-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>API answers are data, never a document to render.</summary>
    public const string ApiSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>
    /// The API reference page (<c>/api</c>): the page policy, plus the one inline script the
    /// reference package writes to start itself (its configuration; it names no nonce). Nothing on
    /// the page comes from anywhere but this site, and it talks to this site only.
    /// </summary>
    public const string ReferencePageSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static void AddConsultRateLimits(this WebApplicationBuilder builder)
    {
        var limits = builder.GetConsultOptions().RateLimits;
        var signInPerMinute = builder.GetConsultOptions().SignInPerMinute;
        builder.Services.AddRateLimiter(limiter =>
        {
            // Password guessing: sign-in attempts per client address (the per-account lock is SignInService's).
            limiter.AddPolicy(Auth.AuthHostingExtensions.SignInPolicy, http => PerAddress(http, "sign-in", signInPerMinute));
            // Uploads through a tracking link store files: far fewer than the link's reads.
            limiter.AddPolicy(TrackingEndpoints.SupplementPolicy, http => PerAddress(http, "supplement", limits.SupplementUploadsPerMinute));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : 1;
                await WriteProblem(context.HttpContext, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
                    $"Too many requests; retry in {seconds} s.", retryAfterSeconds: seconds);
            };
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => Partition(http, limits));
        });
    }

    private static RateLimitPartition<string> Partition(HttpContext http, RateLimitOptions limits)
    {
        var path = http.Request.Path;
        if (IsAnonymousRoute(path))
            return PerAddress(http, "anonymous", limits.AnonymousPerMinute);

        var isWrite = !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !HttpMethods.IsOptions(http.Request.Method);
        if (isWrite && path.StartsWithSegments("/api") && http.User.Identity is { IsAuthenticated: true, Name: { } user })
        {
            return RateLimitPartition.GetTokenBucketLimiter(
                "writer:" + user,
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.WriteBurst,
                    TokensPerPeriod = limits.WritesPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    // The partitioned limiter refills its partitions from its own single timer.
                    AutoReplenishment = false,
                });
        }

        return RateLimitPartition.GetNoLimiter("");
    }

    private static RateLimitPartition<string> PerAddress(HttpContext http, string kind, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(
            $"{kind}:{http.Connection.RemoteIpAddress?.ToString() ?? "local"}",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    /// <summary>Routes anyone may call without signing in (sign-in has its own per-address limit and a per-account lock).</summary>
    internal static bool IsAnonymousRoute(PathString path) =>
        path.StartsWithSegments("/api/v1/track") || path.StartsWithSegments("/api/v1/records") || path.StartsWithSegments("/track")
        || path.StartsWithSegments("/records");

    /// <summary>Headers first, then the refusal of addresses no endpoint can mean.</summary>
    public static WebApplication UseConsultRequestGuards(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            var headers = http.Response.Headers;
            var policy = ApiReference.ApiReferenceHostingExtensions.IsReferencePage(http.Request.Path) ? ReferencePageSecurityPolicy
                : http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/openapi") ? ApiSecurityPolicy
                : PageSecurityPolicy;
            http.Response.OnStarting(() =>
            {
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.XFrameOptions = "DENY";
                // Registered first, so it runs last: it replaces Blazor's own frame-ancestors-only policy.
                headers.ContentSecurityPolicy = policy;
                return Task.CompletedTask;
            });

            var target = http.Request.Path.Value ?? "";
            if (target.Length + http.Request.QueryString.Value?.Length > MaxTargetLength)
            {
                await WriteProblem(http, StatusCodes.Status414RequestUriTooLong, ErrorCodes.InvalidInput,
                    $"The address is longer than {MaxTargetLength} characters.");
                return;
            }

            if (target.Any(char.IsControl))
            {
                await WriteProblem(http, StatusCodes.Status400BadRequest, ErrorCodes.InvalidInput,
                    "The address contains a control character.");
                return;
            }

            await next(http);
        });
        return app;
    }

    public static async Task WriteProblem(HttpContext http, int status, string code, string detail, int? retryAfterSeconds = null)
    {
        http.Response.StatusCode = status;
        if (retryAfterSeconds is { } seconds)
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = status, Title = code == ErrorCodes.RateLimited ? "Too many requests; wait and retry." : "The request is not valid.", Detail = detail, Extensions = { ["code"] = code } },
        });
    }
}
