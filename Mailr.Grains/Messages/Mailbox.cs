using System.Globalization;

namespace Mailr.Grains.Messages;

/// <summary>An RFC 5322 mailbox: an address with an optional display name.</summary>
[GenerateSerializer, Immutable, Alias("mailr.mailbox")]
public sealed record Mailbox(
    [property: Id(0)] string Address,
    [property: Id(1)] string? Name = null)
{
    private static readonly IdnMapping s_idn = new();

    /// <summary>The address with its domain in ASCII (punycode) form, as sent to providers.</summary>
    public string AsciiAddress => ToAscii(Address);

    /// <summary>The comparison key of an address: ASCII domain, lower case. The one rule by which recipients are matched.</summary>
    public string Key => KeyOf(Address);

    /// <summary>The <see cref="Key"/> of any address, as written or as a provider echoed it (Unicode or punycode domain, any case).</summary>
    public static string KeyOf(string address)
    {
        try
        {
            return ToAscii(address).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            // Not a valid internationalized domain (only a provider's echo can be): it matches no recipient but itself.
            return address.ToLowerInvariant();
        }
    }

    /// <summary>Whether <paramref name="address"/> names this mailbox, by <see cref="Key"/>.</summary>
    public bool Matches(string address) => KeyOf(address) == Key;

    public override string ToString() => Name is null ? Address : $"\"{Name.Replace("\\", "\\\\").Replace("\"", "\\\"")}\" <{Address}>";

    private static string ToAscii(string address)
    {
        var at = address.LastIndexOf('@');
        if (at < 0)
        {
            return address;
        }

        var domain = address[(at + 1)..];
        return domain.All(char.IsAscii) ? address : string.Concat(address.AsSpan(0, at + 1), s_idn.GetAscii(domain));
    }
}
