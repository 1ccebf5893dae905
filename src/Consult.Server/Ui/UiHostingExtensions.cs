using System.Globalization;
using Consult.Server.Auth;
using Consult.Server.Components;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;
using MudBlazor.Services;

namespace Consult.Server.Ui;

public static class UiHostingExtensions
{
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    public static WebApplicationBuilder AddConsultUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        // Confirmations drop in at the top centre: clear of the room's countdown (top right on a desk,
        // under the head and in the bottom bar on a phone) and of where the pointer was.
        builder.Services.AddMudServices(options => options.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.TopCenter);
        builder.Services.AddConsultLocalization();
        builder.Services.AddScoped<ConsultUi>();
        builder.Services.AddScoped<FollowUpUi>();
        builder.Services.AddScoped<RatingUi>();
        builder.Services.AddSingleton<IPeopleDirectory, PeopleDirectory>();
        return builder;
    }

    /// <summary>The UI's strings from <c>Resources</c>, each looked up once per culture (<see cref="CachedStringLocalizerFactory"/>).</summary>
    public static IServiceCollection AddConsultLocalization(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.AddSingleton<ResourceManagerStringLocalizerFactory>();
        services.Replace(ServiceDescriptor.Singleton<IStringLocalizerFactory, CachedStringLocalizerFactory>());
        return services;
    }

    /// <summary>zh-CN unless the language cookie says otherwise (the switch in the app bar sets it).</summary>
    public static WebApplication UseConsultLocalization(this WebApplication app)
    {
        app.UseRequestLocalization(options =>
        {
            options.DefaultRequestCulture = new RequestCulture("zh-CN");
            options.SupportedCultures = Cultures;
            options.SupportedUICultures = Cultures;
            options.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        return app;
    }

    public static WebApplication MapConsultUi(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

        app.MapPost("/account/login", async ([FromForm] string userName, [FromForm] string password, [FromForm] string? returnUrl, HttpContext http, SignInService signIn) =>
        {
            var result = await signIn.SignIn(userName, password);
            var back = IsLocal(returnUrl) ? returnUrl! : "/";
            if (result.User is not { } user)
                return Results.Redirect($"/login?error={(result.RetryAfter is null ? "1" : "locked")}&returnUrl={Uri.EscapeDataString(back)}");
            // Reset by an administrator: the person chooses a new password first.
            if (user.MustChangePassword)
                return Results.Redirect($"/account/password?userName={Uri.EscapeDataString(user.UserName)}&returnUrl={Uri.EscapeDataString(back)}");
            await SignInCookie(http, user);
            return Results.LocalRedirect(back);
        }).RequireRateLimiting(AuthHostingExtensions.SignInPolicy);

        app.MapPost("/account/password", async ([FromForm] string userName, [FromForm] string currentPassword, [FromForm] string newPassword,
            [FromForm] string repeatPassword, [FromForm] string? returnUrl, HttpContext http, PasswordChange change) =>
        {
            var back = IsLocal(returnUrl) ? returnUrl! : "/";
            var again = $"/account/password?userName={Uri.EscapeDataString(userName)}&returnUrl={Uri.EscapeDataString(back)}&error=";
            if (newPassword != repeatPassword)
                return Results.Redirect(again + "repeat");
            try
            {
                var result = await change.Change(userName, currentPassword, newPassword);
                if (result.User is not { } user)
                    return Results.Redirect(again + "locked");
                await SignInCookie(http, user);
                return Results.LocalRedirect(back);
            }
            catch (Common.ConsultException e)
            {
                return Results.Redirect(again + (e.Code == Common.ErrorCodes.InvalidInput ? "weak" : "wrong"));
            }
        }).RequireRateLimiting(AuthHostingExtensions.SignInPolicy);

        app.MapPost("/account/logout", async (HttpContext http, UserService users, Microsoft.Extensions.Options.IOptions<Hosting.ConsultOptions> options) =>
        {
            if (http.User.Identity is { IsAuthenticated: true, Name: { } name } && http.User.SessionId() is { } session)
                await users.RevokeSession(name, session, options.Value.Tokens.Lifetime);
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/login");
        });

        app.MapGet("/culture/{culture}", (string culture, string? redirect, HttpContext http) =>
        {
            if (Cultures.Any(c => c.Name == culture))
                http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                    new CookieOptions { MaxAge = TimeSpan.FromDays(365), SameSite = SameSiteMode.Lax, IsEssential = true });
            return Results.LocalRedirect(IsLocal(redirect) ? redirect! : "/");
        });
        return app;
    }

    private static async Task SignInCookie(HttpContext http, Users.UserRecord user)
    {
        // A session id of its own, so that signing out can refuse this cookie on the server.
        var session = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            ConsultClaims.Principal(user, CookieAuthenticationDefaults.AuthenticationScheme, session));
    }

    /// <summary>A path on this site: one leading slash, no scheme-relative or backslash form, no control characters.</summary>
    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.Length <= 2048 && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal)
        && !url.StartsWith("/\\", StringComparison.Ordinal) && !url.Any(char.IsControl);
}
