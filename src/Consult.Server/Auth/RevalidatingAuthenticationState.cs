using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Consult.Server.Auth;

/// <summary>
/// A Blazor circuit outlives the request that signed it in: every few seconds it asks whether its
/// account is still enabled and its UI session not signed out, and becomes anonymous (the page
/// sends the person to sign-in) when not.
/// </summary>
public sealed class RevalidatingAuthenticationState(ILoggerFactory loggerFactory, UserService users)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(5);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        authenticationState.User.Identity is not { IsAuthenticated: true }
        || await CurrentUserClaimsTransformation.Current(users, authenticationState.User) is not null;
}
