using Mailr.Grains.Providers;

namespace Mailr.Grains.Options;

/// <summary>Fails start-up with a message naming the configuration key that is wrong.</summary>
public sealed class MailrOptionsValidator : IValidateOptions<MailrOptions>
{
    public ValidateOptionsResult Validate(string? name, MailrOptions options)
    {
        var errors = new List<string>();
        if (options.Retention <= TimeSpan.Zero)
        {
            errors.Add("Mailr:Retention must be positive.");
        }

        for (var i = 0; i < options.Retry.Delays.Count; i++)
        {
            if (options.Retry.Delays[i] <= TimeSpan.Zero)
            {
                errors.Add($"Mailr:Retry:Delays:{i} must be positive.");
            }
        }

        if (options.Limits.MaxBodyBytes <= 0)
        {
            errors.Add("Mailr:Limits:MaxBodyBytes must be positive.");
        }

        if (options.Limits.MaxRecipients <= 0)
        {
            errors.Add("Mailr:Limits:MaxRecipients must be positive.");
        }

        for (var i = 0; i < options.Providers.Count; i++)
        {
            var p = options.Providers[i];
            var key = $"Mailr:Providers:{i}";
            if (!ProviderRegistry.KnownTypes.Contains(p.Type, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"{key}:Type is '{p.Type}'; expected one of {string.Join(", ", ProviderRegistry.KnownTypes)}.");
                continue;
            }

            if (p.Timeout <= TimeSpan.Zero)
            {
                errors.Add($"{key}:Timeout must be positive.");
            }

            var type = p.Type.ToLowerInvariant();
            if (type is "mailgun" or "mandrill" && string.IsNullOrWhiteSpace(p.ApiKey))
            {
                errors.Add($"{key}:ApiKey is required for {p.Type}.");
            }

            if (type is "mailgun" && string.IsNullOrWhiteSpace(p.Domain))
            {
                errors.Add($"{key}:Domain is required for Mailgun.");
            }

            if (p.BaseUrl is not null && !Uri.TryCreate(p.BaseUrl, UriKind.Absolute, out _))
            {
                errors.Add($"{key}:BaseUrl '{p.BaseUrl}' is not an absolute URL.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
