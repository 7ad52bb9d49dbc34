using System.Security.Cryptography;
using System.Text;

namespace Mailr.Grains.Providers.Resend;

/// <summary>
/// The <c>Idempotency-Key</c> of one attempt: the Mailr message id and a SHA-256 of that attempt's
/// recipients (their keys, sorted). A retry of the same recipients repeats the key, so Resend
/// answers it without sending twice; an attempt for a different subset gets its own key. Nothing
/// random or process-local goes in, so another silo computes the same key.
/// </summary>
internal static class ResendIdempotencyKey
{
    public static string For(OutgoingEmail email)
    {
        var recipients = string.Join('\n', email.Recipients.Select(r => r.Key).Order(StringComparer.Ordinal));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipients)));
        return $"mailr-{email.MessageId}-{hash}";
    }
}
