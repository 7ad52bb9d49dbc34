using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Mailr.Grains.Messages;

namespace Mailr.Grains.Suppression;

/// <summary>
/// How every store orders a key's list and what its cursor means, so both stores page alike. An entry's position is
/// <c>since</c> in Unix ms as 13 digits, <c>:</c> and the address (<c>1767225600000:jay@example.com</c>): compared as
/// ordinal text it sorts oldest first, then by address, so entries added in the same millisecond keep one order.
/// A cursor is the base64url of the last position returned.
/// </summary>
public static class SuppressionOrder
{
    public const int SinceDigits = 13;

    private const int MaxCursorLength = 2048;

    /// <summary>The entry as stored: the address by <see cref="Mailbox.KeyOf"/>, <c>since</c> cut to the millisecond in UTC.</summary>
    public static SuppressionEntry Normalise(SuppressionEntry entry)
    {
        var ms = entry.Since.ToUnixTimeMilliseconds();
        ArgumentOutOfRangeException.ThrowIfNegative(ms, nameof(entry));
        return new SuppressionEntry(Mailbox.KeyOf(entry.Email), entry.Reason, DateTimeOffset.FromUnixTimeMilliseconds(ms));
    }

    public static string Since(DateTimeOffset since) => since.ToUnixTimeMilliseconds().ToString("D" + SinceDigits, CultureInfo.InvariantCulture);

    public static string Position(SuppressionEntry entry) => $"{Since(entry.Since)}:{entry.Email}";

    /// <summary>The address in a position.</summary>
    public static string EmailOf(string position) => position[(SinceDigits + 1)..];

    public static string Cursor(string position) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(position));

    /// <summary>The position a cursor stands for; false when it is not one this API gave out.</summary>
    public static bool TryReadCursor(string? cursor, out string position)
    {
        position = "";
        if (string.IsNullOrEmpty(cursor) || cursor.Length > MaxCursorLength || !Base64Url.IsValid(cursor))
        {
            return false;
        }

        var bytes = Base64Url.DecodeFromChars(cursor);
        if (!Utf8.IsValid(bytes))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes);
        if (text.Length <= SinceDigits + 1 || text[SinceDigits] != ':' || text.AsSpan(0, SinceDigits).ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        position = text;
        return true;
    }

    /// <summary>The position of <paramref name="after"/>, or an exception for a cursor that is not one (the API checks first and answers 400).</summary>
    public static string? PositionAfter(string? after)
    {
        if (after is null)
        {
            return null;
        }

        return TryReadCursor(after, out var position) ? position : throw new ArgumentException("Not a suppression list cursor.", nameof(after));
    }
}
