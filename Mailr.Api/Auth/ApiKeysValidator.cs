using Mailr.Grains.Options;

namespace Mailr.Api.Auth;

/// <summary>Fails start-up on a wrong <c>Mailr:ApiKeys</c> entry, naming its key path.</summary>
public sealed class ApiKeysValidator : IValidateOptions<MailrOptions>
{
    public ValidateOptionsResult Validate(string? name, MailrOptions options)
    {
        var errors = new List<string>();
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
