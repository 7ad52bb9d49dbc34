using Mailr.Api.Auth;
using Mailr.Grains.Messages;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mailr.Api.Suppressions;

/// <summary>
/// Whose list a request manages (the caller's key, or with <c>?key=</c> another key's, for operator keys) and which
/// address: a mailbox in the path (<c>Name &lt;a@b&gt;</c> too), compared by <see cref="Mailbox.Key"/>.
/// </summary>
public static class SuppressionTarget
{
    public const string KeyParameter = "key";

    public static JsonHttpResult<ErrorResponse>? Owner(HttpContext context, string? key, out string owner)
    {
        owner = Caller.Owner(context);
        if (key is null)
        {
            return null;
        }

        var ring = context.RequestServices.GetRequiredService<ApiKeyRing>();
        if (!ring.IsOpen && !context.User.IsInRole(ApiKeyAuthentication.OperatorRole))
        {
            return Errors.Json(StatusCodes.Status403Forbidden, $"Only an operator key may pass '{KeyParameter}' to manage another key's suppression list.");
        }

        if (!ring.Has(key))
        {
            return Errors.BadRequest($"The query parameter '{KeyParameter}' names no configured API key ('{key}').");
        }

        owner = key;
        return null;
    }

    /// <summary>The owner, then the address of <paramref name="email"/>; the first refusal, or null.</summary>
    public static JsonHttpResult<ErrorResponse>? Entry(HttpContext context, string email, string? key, out string owner, out string address)
    {
        address = "";
        return Owner(context, key, out owner) ?? Email(email, out address);
    }

    private static JsonHttpResult<ErrorResponse>? Email(string email, out string address)
    {
        address = "";
        if (!MailboxParser.TryParse(email, out var mailbox))
        {
            return Errors.BadRequest($"'{email}' in the path is not an email address.");
        }

        address = mailbox.Key;
        return null;
    }
}
