using System.Buffers.Text;
using System.Security.Cryptography;

namespace Mailr.Grains.Messages;

/// <summary>Message ids: 128 bits from the OS CSPRNG, base64url without padding (22 characters).</summary>
public static class MessageId
{
    private const int Length = 22;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    /// <summary>Whether <paramref name="id"/> has the shape of an id Mailr issues (it may still be unknown).</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: Length } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
