using Mailr.Grains.Options;

namespace Mailr.Grains.ProviderHealth;

/// <summary>Fails start-up, naming the key, on health settings or provider weights that cannot work.</summary>
internal sealed class ProviderHealthOptionsValidator : IValidateOptions<MailrOptions>
{
    public ValidateOptionsResult Validate(string? name, MailrOptions options)
    {
        var errors = new List<string>();
        if (options.ProviderHealth.FailuresToOpen < 1)
        {
            errors.Add("Mailr:ProviderHealth:FailuresToOpen must be at least 1.");
        }

        if (options.ProviderHealth.OpenFor <= TimeSpan.Zero)
        {
            errors.Add("Mailr:ProviderHealth:OpenFor must be positive.");
        }

        for (var i = 0; i < options.Providers.Count; i++)
        {
            if (options.Providers[i].Weight < 1)
            {
                errors.Add($"Mailr:Providers:{i}:Weight must be at least 1.");
            }

            if (options.Providers[i].Priority < 0)
            {
                errors.Add($"Mailr:Providers:{i}:Priority must not be negative.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
