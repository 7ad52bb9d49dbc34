using Mailr.Api.Auth;

namespace Mailr.Api;

/// <summary>Fails start-up on a wrong <c>Mailr:Limits</c> value or <c>Mailr:ApiKeys</c> entry, naming its key path.</summary>
public sealed class MailrApiOptionsValidator : IValidateOptions<MailrApiOptions>
{
    public ValidateOptionsResult Validate(string? name, MailrApiOptions options)
    {
        var errors = new List<string>();
        if (options.Limits.MaxBodyBytes <= 0)
        {
            errors.Add("Mailr:Limits:MaxBodyBytes must be positive.");
        }

        if (options.Limits.MaxRecipients <= 0)
        {
            errors.Add("Mailr:Limits:MaxRecipients must be positive.");
        }

        if (options.Limits.MaxAttachmentBytes <= 0)
        {
            errors.Add("Mailr:Limits:MaxAttachmentBytes must be positive.");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var digests = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            var path = $"Mailr:ApiKeys:{i}";
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                errors.Add($"{path}:Name is required.");
            }
            else if (!names.Add(key.Name))
            {
                errors.Add($"{path}:Name '{key.Name}' is used by another key; names must be unique.");
            }

            if (!IsLowercaseSha256(key.Sha256))
            {
                errors.Add($"{path}:Sha256 must be the key's SHA-256 as 64 lowercase hex characters.");
            }
            else if (!digests.Add(key.Sha256))
            {
                errors.Add($"{path}:Sha256 is the same as another key's.");
            }

            if (key.RequestsPerSecond is < 1)
            {
                errors.Add($"{path}:RequestsPerSecond must be at least 1 (leave it unset for no limit).");
            }

            if (key.RecipientsPerDay is < 1)
            {
                errors.Add($"{path}:RecipientsPerDay must be at least 1 (leave it unset for no limit).");
            }

            for (var s = 0; s < key.Senders.Count; s++)
            {
                if (!SenderAllowList.TryNormalise(key.Senders[s], out _))
                {
                    errors.Add($"{path}:Senders:{s} '{key.Senders[s]}' is neither a domain (example.com) nor an address (amit@example.com).");
                }
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsLowercaseSha256(string? hex) => hex is { Length: 64 } && hex.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
