using Consult.Server.Hosting;
using Consult.Users;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;

namespace Consult.Server.Auth;

public static class AuthHostingExtensions
{
    public static WebApplicationBuilder AddConsultAuth(this WebApplicationBuilder builder)
    {
        var lifetime = TimeSpan.FromMinutes(builder.GetConsultOptions().Tokens.LifetimeMinutes);
        builder.Services
            .AddAuthentication(BearerTokenDefaults.AuthenticationScheme)
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
        builder.Services.AddSingleton<IPasswordHasher<UserRecord>, PasswordHasher<UserRecord>>();
        builder.Services.AddSingleton<UserService>();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<CurrentActors>();
        builder.Services.AddScoped<Microsoft.AspNetCore.Authentication.IClaimsTransformation, CurrentUserClaimsTransformation>();
        return builder;
    }
}
