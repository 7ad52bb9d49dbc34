using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;

namespace Mailr.Api.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c> against <c>Mailr:ApiKeys</c>. The principal's name is the key's configured
/// name; operator keys get <see cref="ApiKeyAuthentication.OperatorRole"/>. Refusals are JSON: 401 with
/// <c>WWW-Authenticate: Bearer</c>, 403 for a key that may not use an operator endpoint. The key is never logged.
/// </summary>
public sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyRing ring)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string MissingMessage = "This endpoint needs an API key: send the header 'Authorization: Bearer <key>'.";
    public const string MalformedMessage = "The Authorization header must be 'Bearer <key>', with the key in printable ASCII.";
    public const string UnknownMessage = "The API key is not valid.";
    public const string ForbiddenMessage = "This API key may not use this endpoint; it needs an operator key.";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var values = Request.Headers.Authorization;
        if (ring.IsOpen || values.Count == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (values.Count > 1 || !BearerCredentials.TryRead(values[0], out var key))
        {
            return Task.FromResult(AuthenticateResult.Fail(MalformedMessage));
        }

        if (ring.Find(key) is not { } found)
        {
            return Task.FromResult(AuthenticateResult.Fail(UnknownMessage));
        }

        List<Claim> claims = [new(ClaimTypes.Name, found.Name)];
        if (found.Operator)
        {
            claims.Add(new(ClaimTypes.Role, ApiKeyAuthentication.OperatorRole));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name, ClaimTypes.Name, ClaimTypes.Role));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var failed = result.Failure is not null;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = failed ? "Bearer error=\"invalid_token\"" : "Bearer";
        await Response.WriteAsJsonAsync(new ErrorResponse(failed ? result.Failure!.Message : MissingMessage));
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Response.WriteAsJsonAsync(new ErrorResponse(ForbiddenMessage));
    }
}
