using Mailr.Grains.Providers;

namespace Mailr.Grains.Options;

/// <summary>Fails start-up with a message naming the configuration key that is wrong.</summary>
internal sealed class MailrOptionsValidator(IEnumerable<IEmailProviderType> types) : IValidateOptions<MailrOptions>
{
    private readonly IReadOnlyList<IEmailProviderType> _types = [.. types];

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

        for (var i = 0; i < options.Providers.Count; i++)
        {
            errors.AddRange(ValidateProvider(options.Providers[i], $"Mailr:Providers:{i}"));
            errors.AddRange(ValidateWebhook(options.Providers[i], $"Mailr:Providers:{i}"));
        }

        if (options.Reconcile.After <= TimeSpan.Zero)
        {
            errors.Add("Mailr:Reconcile:After must be positive.");
        }

        if (options.Reconcile.Within < options.Reconcile.After)
        {
            errors.Add("Mailr:Reconcile:Within must be at least Mailr:Reconcile:After.");
        }

        if (!Enum.IsDefined(options.Reconcile.WhenUnknown))
        {
            errors.Add("Mailr:Reconcile:WhenUnknown must be Retry or Fail.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>A webhook secret that cannot work is a start-up error, not a 401 at the first event (never echoing the secret).</summary>
    private static IEnumerable<string> ValidateWebhook(ProviderOptions p, string key)
    {
        if (string.IsNullOrEmpty(p.WebhookSecret))
        {
            yield break;
        }

        if (p.Type.Equals("Mandrill", StringComparison.OrdinalIgnoreCase) && !Uri.TryCreate(p.WebhookUrl, UriKind.Absolute, out _))
        {
            yield return $"{key}:WebhookUrl must be the exact URL registered with Mandrill (it is part of what Mandrill signs).";
        }

        if (p.Type.Equals("Postmark", StringComparison.OrdinalIgnoreCase) && !p.WebhookSecret.Contains(':', StringComparison.Ordinal))
        {
            yield return $"{key}:WebhookSecret must be the user:password put in the webhook URL registered with Postmark.";
        }

        if (p.Type.Equals("Resend", StringComparison.OrdinalIgnoreCase) && !p.WebhookSecret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            yield return $"{key}:WebhookSecret must be Resend's signing secret, which starts with whsec_.";
        }
    }

    private IEnumerable<string> ValidateProvider(ProviderOptions p, string key)
    {
        var type = _types.FirstOrDefault(t => string.Equals(t.Type, p.Type, StringComparison.OrdinalIgnoreCase));
        if (type is null)
        {
            yield return $"{key}:Type is '{p.Type}'; expected one of {string.Join(", ", _types.Select(t => t.Type))}.";
            yield break;
        }

        if (p.Timeout <= TimeSpan.Zero)
        {
            yield return $"{key}:Timeout must be positive.";
        }

        if (p.BaseUrl is not null && !Uri.TryCreate(p.BaseUrl, UriKind.Absolute, out _))
        {
            yield return $"{key}:BaseUrl '{p.BaseUrl}' is not an absolute URL.";
        }

        foreach (var problem in type.Validate(p, key))
        {
            yield return problem;
        }
    }
}
