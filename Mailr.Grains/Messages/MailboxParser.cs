using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using MimeKit;

namespace Mailr.Grains.Messages;

/// <summary>
/// Parses one RFC 5322 mailbox (RFC 6532 for unicode): <c>local@domain</c> or
/// <c>Display Name &lt;local@domain&gt;</c>, quoted names and IDN domains included. Control
/// characters (CR, LF, NUL, ...) are refused outright so nothing can inject a header.
/// </summary>
public static class MailboxParser
{
    private static readonly ParserOptions s_options = new()
    {
        AddressParserComplianceMode = RfcComplianceMode.Strict,
        AllowAddressesWithoutDomain = false,
        AllowUnquotedCommasInAddresses = false,
        Rfc2047ComplianceMode = RfcComplianceMode.Strict,
    };

    private static readonly IdnMapping s_idn = new() { UseStd3AsciiRules = true };

    public static bool TryParse(string? text, [NotNullWhen(true)] out Mailbox? mailbox)
    {
        mailbox = null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 998 || text.Any(char.IsControl))
        {
            return false;
        }

        if (!MailboxAddress.TryParse(s_options, text.Trim(), out var parsed) || parsed.Route.Count > 0)
        {
            return false;
        }

        // MimeKit decodes RFC 2047 encoded-words in the name, which can smuggle in a CR or LF the raw text did not show.
        if (parsed.Name is { } decoded && decoded.Any(char.IsControl))
        {
            return false;
        }

        var address = parsed.Address;
        var at = address.LastIndexOf('@');
        var localBytes = Encoding.UTF8.GetByteCount(address.AsSpan(0, Math.Max(at, 0)));
        if (at <= 0 || localBytes > 64 || !IsDomain(address[(at + 1)..], out var asciiDomain) || localBytes + 1 + asciiDomain.Length > 254)
        {
            return false;
        }

        mailbox = new Mailbox(address, string.IsNullOrWhiteSpace(parsed.Name) ? null : parsed.Name.Trim());
        return true;
    }

    private static bool IsDomain(string domain, out string ascii)
    {
        ascii = "";
        if (domain.Length == 0 || domain.StartsWith('[') || domain.EndsWith('.'))
        {
            return false;
        }

        try
        {
            ascii = s_idn.GetAscii(domain);
        }
        catch (ArgumentException)
        {
            return false;
        }

        var labels = ascii.Split('.');
        return labels.Length >= 2
            && labels.All(l => l.Length is > 0 and <= 63 && !l.StartsWith('-') && !l.EndsWith('-') && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            && !labels[^1].All(char.IsAsciiDigit);
    }
}
