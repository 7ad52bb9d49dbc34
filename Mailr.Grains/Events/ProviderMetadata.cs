namespace Mailr.Grains.Events;

/// <summary>The custom data Mailr sends with every attempt, so a provider's events and look-ups name the message.</summary>
public static class ProviderMetadata
{
    /// <summary>The key of Mailr's message id (Mailgun <c>v:</c> variable, Mandrill <c>metadata</c>, SendGrid <c>custom_args</c>, Postmark <c>Metadata</c>, Resend <c>tags</c>, SES <c>EmailTags</c>).</summary>
    public const string MessageIdKey = "mailr_message_id";

    /// <summary>The keys used before (Mailgun <c>mailr-id</c>, the others <c>mailr_id</c>): events of sends made before an upgrade still carry them.</summary>
    public static readonly IReadOnlyList<string> LegacyKeys = ["mailr_id", "mailr-id"];

    /// <summary>Mailr's message id from a provider's metadata map, under the current key or a legacy one.</summary>
    public static string? MessageIdFrom(Func<string, string?> lookup)
    {
        if (lookup(MessageIdKey) is { Length: > 0 } id)
        {
            return id;
        }

        foreach (var key in LegacyKeys)
        {
            if (lookup(key) is { Length: > 0 } legacy)
            {
                return legacy;
            }
        }

        return null;
    }
}
