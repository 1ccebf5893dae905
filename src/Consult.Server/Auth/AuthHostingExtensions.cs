using Consult.Server.Hosting;
using Consult.Users;
using Microsoft.AspNetCore.Authentication.BearerToken;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Consult.Server.Auth;

public static class AuthHostingExtensions
{
    public const string SelectingScheme = "consult";
    /// <summary>The rate-limiter policy of the sign-in routes (registered with the other limits in <c>RequestGuards</c>).</summary>
    public const string SignInPolicy = "sign-in";

    private static Task Deny(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments(Consult.Realtime.HubContract.Path))
            context.Response.StatusCode = status;
        else
            context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    public static WebApplicationBuilder AddConsultAuth(this WebApplicationBuilder builder)
    {
        var lifetime = builder.GetConsultOptions().Tokens.Lifetime;
        builder.Services
            .AddAuthentication(SelectingScheme)
            // API and hub clients send a bearer token; browsers carry the UI's cookie.
            // A write to the REST API never rides on the UI's cookie (no cross-site request can act
            // for a signed-in officer); the browser uses the cookie for pages, the hub and downloads.
            .AddPolicyScheme(SelectingScheme, SelectingScheme, options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                || (context.Request.Path.StartsWithSegments(Consult.Realtime.HubContract.Path) && context.Request.Query.ContainsKey("access_token"))
                || (context.Request.Path.StartsWithSegments("/api") && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
                    ? BearerTokenDefaults.AuthenticationScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, options =>
            {
                options.LoginPath = "/login";
                options.LogoutPath = "/account/logout";
                options.AccessDeniedPath = "/login";
                options.ExpireTimeSpan = lifetime;
                options.SlidingExpiration = true;
                options.Cookie.Name = "consult.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                // Secure whenever the site is served over HTTPS (behind a proxy: forward the scheme).
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                // Programs calling the API or the hub get status codes, not a login page.
                options.Events.OnRedirectToLogin = context => Deny(context, StatusCodes.Status401Unauthorized);
                // A cookie whose session was signed out, or whose account was disabled, does not sign anyone in.
                options.Events.OnValidatePrincipal = async context =>
                {
                    var users = context.HttpContext.RequestServices.GetRequiredService<UserService>();
                    if (context.Principal is null || await CurrentUserClaimsTransformation.Current(users, context.Principal) is null)
                        context.RejectPrincipal();
                };
                options.Events.OnRedirectToAccessDenied = context => Deny(context, StatusCodes.Status403Forbidden);
            })
            .AddBearerToken(options =>
            {
                options.BearerTokenExpiration = lifetime;
                options.Events.OnMessageReceived = context =>
                {
                    // WebSockets and server-sent events cannot carry a header: SignalR clients send
                    // the token in the query string, and only to the hub.
                    var token = context.Request.Query["access_token"];
                    if (!string.IsNullOrEmpty(token) && context.HttpContext.Request.Path.StartsWithSegments(Consult.Realtime.HubContract.Path))
                        context.Token = token;
                    return Task.CompletedTask;
                };
            });
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingAuthenticationState>();
        builder.Services.AddSingleton<IPasswordHasher<UserRecord>, PasswordHasher<UserRecord>>();
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<UserService>();
        builder.Services.AddSingleton<SignInService>();
        builder.Services.AddSingleton<PasswordChange>();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<CurrentActors>();
        builder.Services.AddScoped<Microsoft.AspNetCore.Authentication.IClaimsTransformation, CurrentUserClaimsTransformation>();
        return builder;
    }
}
