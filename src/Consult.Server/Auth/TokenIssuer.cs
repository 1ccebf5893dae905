using Consult.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.Extensions.Options;

namespace Consult.Server.Auth;

/// <summary>
/// Issues the bearer-token handler's own tokens (data-protected tickets), answering exactly the
/// contract's <c>{tokenType, accessToken, expiresIn}</c>.
/// </summary>
public sealed class TokenIssuer(IOptionsMonitor<BearerTokenOptions> options, TimeProvider time)
{
    public TokenResponse Issue(UserRecord user)
    {
        var bearer = options.Get(BearerTokenDefaults.AuthenticationScheme);
        var now = time.GetUtcNow();
        var properties = new AuthenticationProperties
        {
            IssuedUtc = now,
            ExpiresUtc = now + bearer.BearerTokenExpiration,
        };
        var ticket = new AuthenticationTicket(
            ConsultClaims.Principal(user, BearerTokenDefaults.AuthenticationScheme),
            properties,
            BearerTokenDefaults.AuthenticationScheme);
        return new TokenResponse("Bearer", bearer.BearerTokenProtector.Protect(ticket), (long)bearer.BearerTokenExpiration.TotalSeconds);
    }
}

public sealed record TokenRequest(string UserName, string Password);

public sealed record TokenResponse(string TokenType, string AccessToken, long ExpiresIn);
