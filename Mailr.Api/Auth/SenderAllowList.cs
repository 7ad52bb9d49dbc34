using Mailr.Grains.Messages;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mailr.Api.Auth;

/// <summary>
/// A key's <c>Senders</c>: domains (<c>example.com</c>, the <c>from</c> address's domain exactly, not its subdomains) or
/// full addresses. Both sides are compared by <see cref="Mailbox.Key"/>: ASCII (punycode) domain, lower case.
/// </summary>
public static class SenderAllowList
{
    /// <summary>The 403 for a <c>from</c> outside the caller's list, or null when it may send as it.</summary>
    public static JsonHttpResult<ErrorResponse>? Refuse(HttpContext context, Mailbox from)
    {
        var ring = context.RequestServices.GetRequiredService<ApiKeyRing>();
        var owner = Caller.Owner(context);
        if (ring.IsOpen || ring.SendersOf(owner) is not { Count: > 0 } senders || Allows(senders, from))
        {
            return null;
        }

        return Errors.Json(StatusCodes.Status403Forbidden, $"This API key may not send as '{from.Address}'; it is not one of its senders.");
    }

    /// <summary>Whether <paramref name="from"/> is one of the normalised <paramref name="senders"/>.</summary>
    public static bool Allows(IReadOnlySet<string> senders, Mailbox from)
    {
        var key = from.Key;
        return senders.Contains(key) || senders.Contains(key[(key.LastIndexOf('@') + 1)..]);
    }

    /// <summary>An entry as compared: an address's key, or a domain in ASCII lower case. False when it is neither.</summary>
    public static bool TryNormalise(string? entry, out string normalised)
    {
        normalised = "";
        var text = entry?.Trim() ?? "";
        if (text.Contains('@'))
        {
            if (!MailboxParser.TryParse(text, out var address))
            {
                return false;
            }

            normalised = address.Key;
            return true;
        }

        if (text.Length == 0 || !MailboxParser.TryParse($"postmaster@{text}", out var probe))
        {
            return false;
        }

        normalised = probe.Key["postmaster@".Length..];
        return true;
    }
}
